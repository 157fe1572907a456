import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { MessageSecurityMode, OPCUAClient, SecurityPolicy, UserTokenType, type ClientSession, type ClientSessionRawSubscriptionService, type TransferSubscriptionsResponse, type UserIdentityInfo } from 'node-opcua';
import { leafCertificate } from './certificate-summary.ts';
import type { OpcuaPki } from './certificates.ts';
import type { OpcuaConfig } from './config.ts';
import { certificateIdentityProblem } from './errors.ts';
import { APPLICATION_NAME, applicationUri } from './own-certificate.ts';

/** Runs one service call, counting it in the driver's stats. */
export type Request = <T>(call: () => Promise<T>) => Promise<T>;

/** A trusted server certificate that does not fit the endpoint (another host or application). */
export class IdentityMismatch extends Error {}

export function createClient(config: OpcuaConfig, deviceName: string, pki: OpcuaPki): OPCUAClient {
  return OPCUAClient.create({
    applicationName: APPLICATION_NAME,
    // The URI of our certificate (own-certificate.ts): the server checks they match.
    applicationUri: applicationUri(),
    clientName: `Lineside ${deviceName}`,
    endpointMustExist: false,
    securityMode: MessageSecurityMode[config.securityMode],
    securityPolicy: SecurityPolicy[config.securityPolicy],
    clientCertificateManager: pki.manager,
    // Reconnection is the driver's (a fresh client each time): node-opcua gives up at once.
    connectionStrategy: { maxRetry: 0, initialDelay: 100, maxDelay: 200 },
    keepSessionAlive: true,
    // Short, so that a session orphaned by a network break does not hold one of the server's (often
    // few) session slots for long; keep-alives and publishing keep the live one open.
    requestedSessionTimeout: 10_000,
    defaultTransactionTimeout: config.requestTimeoutMs,
  });
}

/** Throws `IdentityMismatch` when the (trusted) server certificate names another host or application. */
export async function checkServerIdentity(client: OPCUAClient, config: OpcuaConfig, request: Request): Promise<void> {
  const certificate = config.securityMode === 'None' ? undefined : client.serverCertificate;
  const chain = Array.isArray(certificate) ? certificate[0] : certificate;
  if (!chain) return;
  const leaf = leafCertificate(Buffer.from(chain));
  const endpoints = await request(() => client.getEndpoints());
  const match = endpoints.find((e) => e.serverCertificate && leafCertificate(e.serverCertificate).equals(leaf)) ?? endpoints[0];
  const problem = certificateIdentityProblem(leaf, config.endpointUrl, match?.server.applicationUri ?? undefined);
  if (problem) throw new IdentityMismatch(problem);
}

export async function userIdentity(auth: OpcuaConfig['auth'], projectDir: string): Promise<UserIdentityInfo> {
  switch (auth.type) {
    case 'anonymous':
      return { type: UserTokenType.Anonymous };
    case 'username':
      return { type: UserTokenType.UserName, userName: auth.username, password: auth.password };
    case 'certificate': {
      const path = (file: string) => (isAbsolute(file) ? file : join(projectDir, file));
      const certificate = await readFile(path(auth.certificateFile));
      const pem = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(certificate.toString('latin1'));
      const certificateData = pem ? Buffer.from((pem[1] ?? '').replace(/\s+/g, ''), 'base64') : certificate;
      const privateKey = auth.privateKey ?? (await readFile(path(auth.privateKeyFile!), 'utf8'));
      return { type: UserTokenType.Certificate, certificateData, privateKey } as UserIdentityInfo;
    }
  }
}

/**
 * After a network break the server still holds the old session's subscriptions until their lifetime
 * runs out. Taking them over (TransferSubscriptions) and deleting them keeps exactly one monitored item
 * per tag at once. A restarted server, or one that refuses the transfer (anonymous on an unsecured
 * channel), answers with an error: then there is nothing to do, or the server drops them by itself later.
 */
export async function deleteOrphans(client: ClientSession, subscriptionIds: readonly number[], request: Request): Promise<void> {
  if (subscriptionIds.length === 0) return;
  // node-opcua's session implements the raw subscription services; its public type leaves them out.
  const session = client as ClientSession & ClientSessionRawSubscriptionService;
  try {
    const ids = [...subscriptionIds];
    const transfer = await request(() => session.transferSubscriptions({ subscriptionIds: ids, sendInitialValues: false }) as unknown as Promise<TransferSubscriptionsResponse>);
    const taken = ids.filter((_, i) => transfer.results?.[i]?.statusCode.isGood());
    if (taken.length > 0) await request(() => session.deleteSubscriptions({ subscriptionIds: taken }) as unknown as Promise<unknown>);
  } catch {
    // Nothing to take over: the server restarted or refuses transfers.
  }
}

import { hostname } from 'node:os';
import type { OpcuaConfig } from './config.ts';
import { describeCertificate } from './certificates.ts';

/** Why a connection attempt failed, in words an engineer can act on. */
export function describeConnectError(error: unknown, checked: { der: Buffer; status: string } | undefined, config: OpcuaConfig, pkiRoot: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const status = /Bad[A-Za-z]+/.exec(message)?.[0];
  if (status?.startsWith('BadCertificate') || /certificate/i.test(message)) {
    return describeCertificateError(checked?.status.startsWith('Bad') ? checked.status : (status ?? 'BadCertificateInvalid'), checked?.der, config, pkiRoot, message);
  }
  if (status === 'BadUserAccessDenied' || status === 'BadIdentityTokenRejected' || status === 'BadIdentityTokenInvalid') {
    const who = config.auth.type === 'username' ? `user '${config.auth.username}'` : config.auth.type === 'certificate' ? 'the user certificate' : 'anonymous access';
    return `the server refused ${who} (${status}): check the user name, password or certificate`;
  }
  if (status === 'BadSecurityPolicyRejected' || status === 'BadSecurityModeRejected' || /endpoint/i.test(message)) {
    return `the server offers no endpoint with security ${config.securityMode}/${config.securityPolicy} (${status ?? message})`;
  }
  if (status === 'BadSecurityChecksFailed' || status === 'BadCertificateUseNotAllowed') {
    return `the server refused Lineside's own certificate (${status}): trust ${pkiRoot}/own/certs/client_certificate.pem on the server`;
  }
  if (status === 'BadTooManySessions') {
    return `the server has no room for another session (BadTooManySessions); a session left open by a network break closes by itself within seconds`;
  }
  if (/ECONNREFUSED/.test(message)) return `connection refused by ${config.endpointUrl}: is the server running?`;
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return `host of ${config.endpointUrl} not found`;
  if (/timeout|ETIMEDOUT/i.test(message)) return `no answer from ${config.endpointUrl} (timeout)`;
  return `cannot connect to ${config.endpointUrl}: ${message}`;
}

function describeCertificateError(status: string, der: Buffer | undefined, config: OpcuaConfig, pkiRoot: string, message: string): string {
  if (!der) return `the server certificate was refused (${status}): ${message}`;
  const cert = describeCertificate(der);
  const named = `server certificate "${cert.subject}" (thumbprint ${cert.thumbprint})`;
  const now = Date.now();
  if (status === 'BadCertificateTimeInvalid' || cert.validTo < now || cert.validFrom > now) {
    return cert.validTo < now
      ? `the ${named} expired on ${new Date(cert.validTo).toISOString()}: the server needs a new certificate`
      : `the ${named} is not valid before ${new Date(cert.validFrom).toISOString()} (check the clocks)`;
  }
  const host = new URL(config.endpointUrl.replace(/^opc\.tcp:/, 'http:')).hostname;
  if (status === 'BadCertificateHostNameInvalid') {
    return `the ${named} was issued for ${[...cert.dnsNames, ...cert.ips].join(', ') || 'no host name'}, not ${host}`;
  }
  if (status === 'BadCertificateUriInvalid') {
    return `the ${named} names application URI ${cert.uris.join(', ') || '(none)'}, which does not match the server's`;
  }
  if (status === 'BadCertificateUntrusted') {
    return `the ${named} is not trusted: trust it in the Devices view (or copy it into ${pkiRoot}/trusted/certs)`;
  }
  if (status === 'BadCertificateRevoked') return `the ${named} has been revoked`;
  return `the ${named} was refused (${status})`;
}

const LOOPBACK = ['localhost', '127.0.0.1', '::1'];

/**
 * node-opcua does not compare the server certificate with the host we dialled, nor with the application
 * URI the server announces; we do. A loopback endpoint
 * is this machine, so a certificate naming this machine's host name is right for it.
 */
export function certificateIdentityProblem(der: Buffer, endpointUrl: string, applicationUri: string | undefined): string | undefined {
  const cert = describeCertificate(der);
  if (applicationUri && cert.uris.length > 0 && !cert.uris.includes(applicationUri)) {
    return `the server certificate "${cert.subject}" (thumbprint ${cert.thumbprint}) names application URI ${cert.uris.join(', ')}, but the server says it is ${applicationUri}: the server needs a certificate made for it`;
  }
  const names = [...cert.dnsNames, ...cert.ips].map((n) => n.toLowerCase());
  if (names.length === 0) return undefined;
  const host = new URL(endpointUrl.replace(/^opc\.tcp:/, 'http:')).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (names.includes(host)) return undefined;
  if (LOOPBACK.includes(host) && names.some((n) => LOOPBACK.includes(n) || n === hostname().toLowerCase())) return undefined;
  return `the server certificate "${cert.subject}" (thumbprint ${cert.thumbprint}) was issued for ${names.join(', ')}, not ${host}: connect by one of those names or give the server a certificate for ${host}`;
}

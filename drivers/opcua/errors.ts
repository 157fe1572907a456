import { hostname } from 'node:os';
import type { OpcuaConfig } from './config.ts';
import { reasonMessage, type ReasonText } from '../../common/reasons.ts';
import { describeCertificate } from './certificate-summary.ts';

/** What the driver knows besides the error when a connection attempt fails. */
export interface ConnectFailure {
  /** The last server certificate node-opcua checked, and its verdict (a StatusCode name). */
  checked: { der: Buffer; status: string } | undefined;
  config: OpcuaConfig;
  pkiRoot: string;
  /** Lineside's own certificate, `"<subject>" (thumbprint <sha1>)`, when it exists. */
  own: string | undefined;
}

/**
 * Nothing reached a server: node-opcua reports these in many words, some of which mention certificates
 * (with security on, it first fetches the server's certificate, and says that failed).
 */
const UNREACHABLE = /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|premature disconnection|Fail to connect to server|socket has been disconnected|connection.*(closed|lost|ended) by|ENOTFOUND|EAI_AGAIN|timeout|ETIMEDOUT/i;

/** The server (not Lineside) refused the other side's certificate: ours. */
const SERVER_REFUSED_OURS = new Set([
  'BadSecurityChecksFailed',
  'BadCertificateUseNotAllowed',
  'BadCertificateUntrusted',
  'BadCertificateInvalid',
  'BadCertificateRevoked',
  'BadCertificateTimeInvalid',
  'BadCertificateIssuerRevocationUnknown',
  'BadCertificateRevocationUnknown',
  'BadCertificateUriInvalid',
  'BadCertificateHostNameInvalid',
  'BadCertificatePolicyCheckFailed',
  'BadNoValidCertificates',
]);

/** Why a connection attempt failed, in words: the English sentence, and as a key for the reader's language where there is one. */
export interface ConnectProblem {
  message: string;
  text?: ReasonText;
}

function said(text: ReasonText): ConnectProblem {
  return { message: reasonMessage(text.key, text.params), text };
}

/** Why a connection attempt failed, in words a person at the plant can act on. */
export function describeConnectError(error: unknown, failure: ConnectFailure): string {
  return describeConnectProblem(error, failure).message;
}

/** `describeConnectError` with the key of the sentence, for the reader's language. */
export function describeConnectProblem(error: unknown, failure: ConnectFailure): ConnectProblem {
  const { checked, config, pkiRoot, own } = failure;
  const message = error instanceof Error ? error.message : String(error);
  const status = /Bad[A-Za-z]+/.exec(message)?.[0];
  const url = config.endpointUrl;
  // Our own check of the server's certificate said no: that certificate is the problem.
  if (checked && checked.status !== 'Good') return describeCertificateError(checked.status, checked.der, config, pkiRoot, message);
  if (status === undefined && UNREACHABLE.test(message)) return describeUnreachable(message, url);
  if (status && SERVER_REFUSED_OURS.has(status)) {
    const ours = own ? `Lineside's certificate ${own}` : `Lineside's certificate (${pkiRoot}/own/certs/client_certificate.pem)`;
    return {
      message: `the server at ${url} refused ${ours} (${status}): trust that certificate on the server (its administrator finds it by the thumbprint among the rejected ones; the file is ${pkiRoot}/own/certs/client_certificate.pem)`,
    };
  }
  if (status?.startsWith('BadCertificate') || (status === undefined && /certificate/i.test(message))) {
    return describeCertificateError(status ?? 'BadCertificateInvalid', checked?.der, config, pkiRoot, message);
  }
  if (status === 'BadUserAccessDenied' || status === 'BadIdentityTokenRejected' || status === 'BadIdentityTokenInvalid') {
    const who = config.auth.type === 'username' ? `user '${config.auth.username}'` : config.auth.type === 'certificate' ? 'the user certificate' : 'anonymous access';
    return { message: `the server refused ${who} (${status}): check the user name, password or certificate` };
  }
  if (status === 'BadSecurityPolicyRejected' || status === 'BadSecurityModeRejected' || /endpoint/i.test(message)) {
    return said({ key: 'device.serverNoEndpoint', params: { mode: config.securityMode, policy: config.securityPolicy, detail: status ?? message } });
  }
  if (status === 'BadTooManySessions') {
    return said({ key: 'device.serverTooManySessions', params: {} });
  }
  if (UNREACHABLE.test(message)) return describeUnreachable(message, url);
  return { message: `cannot connect to ${url}: ${message}` };
}

function describeUnreachable(message: string, url: string): ConnectProblem {
  const host = new URL(url.replace(/^opc\.tcp:/, 'http:')).host;
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return said({ key: 'device.serverUnknownHost', params: { url, host: host.replace(/:\d+$/, '') } });
  if (/timeout|ETIMEDOUT/i.test(message)) return said({ key: 'device.serverTimeout', params: { url, host } });
  return said({ key: 'device.serverUnreachable', params: { url, host } });
}

function describeCertificateError(status: string, der: Buffer | undefined, config: OpcuaConfig, pkiRoot: string, message: string): ConnectProblem {
  if (!der) return { message: `the server certificate was refused (${status}): ${message}` };
  const cert = describeCertificate(der);
  const named = `server certificate "${cert.subject}" (thumbprint ${cert.thumbprint})`;
  const now = Date.now();
  if (status === 'BadCertificateTimeInvalid' || cert.validTo < now || cert.validFrom > now) {
    return cert.validTo < now
      ? said({ key: 'device.certificateExpired', params: { subject: cert.subject, thumbprint: cert.thumbprint, date: new Date(cert.validTo).toISOString() } })
      : { message: `the ${named} is not valid before ${new Date(cert.validFrom).toISOString()} (check the clocks)` };
  }
  const host = new URL(config.endpointUrl.replace(/^opc\.tcp:/, 'http:')).hostname;
  if (status === 'BadCertificateHostNameInvalid') {
    return { message: `the ${named} was issued for ${[...cert.dnsNames, ...cert.ips].join(', ') || 'no host name'}, not ${host}` };
  }
  if (status === 'BadCertificateUriInvalid') {
    return { message: `the ${named} names application URI ${cert.uris.join(', ') || '(none)'}, which does not match the server's` };
  }
  if (status === 'BadCertificateUntrusted') {
    return said({ key: 'device.certificateUntrusted', params: { subject: cert.subject, thumbprint: cert.thumbprint, folder: `${pkiRoot}/trusted/certs` } });
  }
  if (status === 'BadCertificateRevoked') return { message: `the ${named} has been revoked` };
  return { message: `the ${named} was refused (${status})` };
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

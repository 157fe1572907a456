import { X509Certificate } from 'node:crypto';

/** What the Devices view and the driver's messages say about a certificate. */
export interface CertificateSummary {
  subject: string;
  thumbprint: string;
  validFrom: number;
  validTo: number;
  /** DNS names, IP addresses and URIs from subjectAltName. */
  dnsNames: string[];
  ips: string[];
  uris: string[];
}

/** The first certificate of a DER chain (node-opcua passes chains as the certificates end to end). */
export function leafCertificate(der: Buffer): Buffer {
  if (der.length < 2 || der[0] !== 0x30) return der;
  const first = der[1] ?? 0;
  if (first < 0x80) return der.subarray(0, 2 + first);
  const bytes = first & 0x7f;
  let length = 0;
  for (let i = 0; i < bytes; i++) length = length * 256 + (der[2 + i] ?? 0);
  return der.subarray(0, Math.min(der.length, 2 + bytes + length));
}

export function describeCertificate(chain: Buffer): CertificateSummary {
  const der = leafCertificate(chain);
  const x509 = new X509Certificate(der);
  const alt = x509.subjectAltName ?? '';
  const entries = alt.split(/,\s*/).filter((e) => e !== '');
  return {
    subject: x509.subject.split('\n').join(', '),
    thumbprint: x509.fingerprint.replaceAll(':', '').toLowerCase(),
    validFrom: Date.parse(x509.validFrom),
    validTo: Date.parse(x509.validTo),
    dnsNames: entries.filter((e) => e.startsWith('DNS:')).map((e) => e.slice(4)),
    ips: entries.filter((e) => e.startsWith('IP Address:')).map((e) => e.slice('IP Address:'.length)),
    uris: entries.filter((e) => e.startsWith('URI:')).map((e) => e.slice(4)),
  };
}

// @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata polyfill loaded first
// (node-opcua loads it too, but this module must not depend on being imported after node-opcua).
import 'reflect-metadata';
import { createPrivateKey, X509Certificate, webcrypto } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { fail, ok, type Result } from '../../common/result.ts';

/** What the gateway serves HTTPS and WSS with. */
export interface TlsMaterial {
  cert: string;
  key: string;
  /** The certificate browsers are told to trust (the station's own CA, or the given certificate). */
  trustFile: string;
  /** SHA-256 fingerprint of `trustFile`'s certificate, `AB:CD:...`, as browsers show it. */
  fingerprint: string;
  /** True when Lineside made the certificate (kept in the data folder). */
  generated: boolean;
}

/** Where the station's own certificates live in the data folder. */
export const TLS_DIR = 'tls';
const CA_FILE = 'ca.pem';
const CA_KEY_FILE = 'ca-key.pem';
const CERT_FILE = 'server.pem';
const KEY_FILE = 'server-key.pem';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** True for an address only this machine reaches (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function fingerprintOf(pem: string): string {
  return new X509Certificate(pem).fingerprint256;
}

/** `--tls-cert FILE --tls-key FILE`: a certificate (chain) and key an administrator provides. */
export function loadTls(certFile: string, keyFile: string): Result<TlsMaterial> {
  let cert: string;
  let key: string;
  try {
    cert = readFileSync(certFile, 'utf8');
  } catch (error) {
    return fail('config-error', `--tls-cert: cannot read ${certFile}: ${(error as Error).message}`, 'tls-cert');
  }
  try {
    key = readFileSync(keyFile, 'utf8');
  } catch (error) {
    return fail('config-error', `--tls-key: cannot read ${keyFile}: ${(error as Error).message}`, 'tls-key');
  }
  let parsed: X509Certificate;
  try {
    parsed = new X509Certificate(cert);
  } catch (error) {
    return fail('config-error', `--tls-cert: ${certFile} is not a PEM certificate: ${(error as Error).message}`, 'tls-cert');
  }
  try {
    if (!parsed.checkPrivateKey(createPrivateKey(key))) return fail('config-error', `--tls-key: ${keyFile} is not the key of the certificate in ${certFile}`, 'tls-key');
  } catch (error) {
    return fail('config-error', `--tls-key: ${keyFile} is not a PEM private key: ${(error as Error).message}`, 'tls-key');
  }
  return ok({ cert, key, trustFile: certFile, fingerprint: parsed.fingerprint256, generated: false });
}

/**
 * The station's own certificate, made on first use and kept in `<data>/tls/`: a CA of this station
 * (`ca.pem`, the one file browsers and clients are told to trust, by its fingerprint) and a server
 * certificate it signed for `names` (this host's name, localhost, 127.0.0.1 and the listen address).
 * Keys are written 600. A later start reuses them; one for other names is issued again by the same CA.
 */
export async function stationTls(dataDir: string, names: readonly string[]): Promise<Result<TlsMaterial>> {
  const dir = join(dataDir, TLS_DIR);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = (name: string) => join(dir, name);
    const wanted = [...new Set(['localhost', '127.0.0.1', '::1', hostname(), ...names].filter((n) => n !== '' && n !== '0.0.0.0' && n !== '::'))];
    let ca: { cert: string; key: CryptoKey };
    if (existsSync(file(CA_FILE)) && existsSync(file(CA_KEY_FILE))) {
      ca = { cert: readFileSync(file(CA_FILE), 'utf8'), key: await importKey(readFileSync(file(CA_KEY_FILE), 'utf8')) };
    } else {
      ca = await makeCa();
      writeFileSync(file(CA_KEY_FILE), await exportKey(ca.key), { mode: 0o600 });
      writeFileSync(file(CA_FILE), ca.cert, { mode: 0o600 });
    }
    const current = existsSync(file(CERT_FILE)) && existsSync(file(KEY_FILE)) ? readFileSync(file(CERT_FILE), 'utf8') : undefined;
    if (current === undefined || !covers(current, wanted) || !signedBy(current, ca.cert)) {
      const server = await makeServer(ca, wanted);
      writeFileSync(file(KEY_FILE), server.key, { mode: 0o600 });
      writeFileSync(file(CERT_FILE), server.cert, { mode: 0o600 });
    }
    return ok({
      cert: readFileSync(file(CERT_FILE), 'utf8') + ca.cert,
      key: readFileSync(file(KEY_FILE), 'utf8'),
      trustFile: file(CA_FILE),
      fingerprint: fingerprintOf(ca.cert),
      generated: true,
    });
  } catch (error) {
    return fail('config-error', `cannot make the station's TLS certificate in ${dir}: ${(error as Error).message}`, 'tls');
  }
}

function covers(pem: string, names: readonly string[]): boolean {
  const cert = new X509Certificate(pem);
  if (new Date(cert.validTo).getTime() < Date.now() + 30 * 86_400_000) return false;
  const san = cert.subjectAltName ?? '';
  return names.every((name) => san.includes(isIP(name) ? `IP Address:${name}` : `DNS:${name}`));
}

function signedBy(pem: string, caPem: string): boolean {
  return new X509Certificate(pem).checkIssued(new X509Certificate(caPem));
}

async function makeCa(): Promise<{ cert: string; key: CryptoKey }> {
  x509.cryptoProvider.set(webcrypto as never);
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=Lineside station CA (${hostname()})`,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 10 * 365 * 86_400_000),
    signingAlgorithm: ALGORITHM,
    keys: keys as never,
    extensions: [new x509.BasicConstraintsExtension(true, 0, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true), await x509.SubjectKeyIdentifierExtension.create(keys.publicKey as never)],
  });
  return { cert: cert.toString('pem') + '\n', key: keys.privateKey };
}

async function makeServer(ca: { cert: string; key: CryptoKey }, names: readonly string[]): Promise<{ cert: string; key: string }> {
  x509.cryptoProvider.set(webcrypto as never);
  const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
  const issuer = new x509.X509Certificate(ca.cert);
  const cert = await x509.X509CertificateGenerator.create({
    subject: `CN=${hostname()}`,
    issuer: issuer.subject,
    notBefore: new Date(Date.now() - 60_000),
    // Browsers accept at most 398 days for a server certificate.
    notAfter: new Date(Date.now() + 397 * 86_400_000),
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey as never,
    signingKey: ca.key as never,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names.map((name) => ({ type: isIP(name) ? ('ip' as const) : ('dns' as const), value: name }))),
      await x509.AuthorityKeyIdentifierExtension.create(issuer),
    ],
  });
  return { cert: cert.toString('pem') + '\n', key: await exportKey(keys.privateKey) };
}

async function exportKey(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n?$/, '\n')}-----END PRIVATE KEY-----\n`;
}

async function importKey(pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  return webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, true, ['sign']);
}

import { existsSync } from 'node:fs';
import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { getHostname, makeApplicationUrn, type OPCUACertificateManager } from 'node-opcua';
import { describeCertificate, type CertificateSummary } from './certificate-summary.ts';

/** Lineside's application name in OPC UA: the CN of its certificate and the suffix of its application URI. */
export const APPLICATION_NAME = 'Lineside';

/** Ten years, as node-opcua makes them: a plant renews on purpose (the Devices view), not because a date passed. */
const VALIDITY_DAYS = 3650;

/** Lineside's application certificate (the one OPC UA servers must trust), for the Devices view. */
export interface OwnCertificateInfo {
  subject: string;
  /** SHA-1 of the DER, lower-case hex: what a server's administrator looks for in its rejected list. */
  thumbprint: string;
  validFrom: number;
  validTo: number;
  applicationUri: string;
  dnsNames: string[];
  /** Where it is (PEM): to copy it onto a server by hand. */
  file: string;
}

/** What the certificate says about this station. */
export interface OwnIdentity {
  /** project.json `plant.name`; the organisation of the certificate. */
  plantName: string;
  /** This machine's host name (default: node-opcua's fully qualified one). */
  host?: string;
}

export function applicationUri(host = getHostname()): string {
  return makeApplicationUrn(host, APPLICATION_NAME);
}

/**
 * `/` and `=` separate a subject's parts in node-opcua's notation: inside a value they become `-`.
 * node-opcua writes the subject as ASCII, so letters lose their accents (Süd → Sud) and other
 * characters become `-`, rather than arrive garbled.
 */
export function subjectValue(text: string): string {
  const ascii = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '-');
  const cleaned = ascii
    .replace(/[/=\\"]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  return (cleaned === '' ? 'Lineside' : cleaned).slice(0, 64);
}

/** `CN=Lineside@host, O=<plant>, DC=host`: the plant and the host, not the library's default organisation. */
export function ownSubject(identity: OwnIdentity): string {
  const host = identity.host ?? getHostname();
  return `/CN=${subjectValue(`${APPLICATION_NAME}@${host}`)}/O=${subjectValue(identity.plantName)}/DC=${subjectValue(host)}`;
}

/** node-opcua's client reads its certificate here (`<pki>/own/certs/client_certificate.pem`). */
export function ownCertificateFile(manager: OPCUACertificateManager): string {
  return join(manager.rootDir, 'own', 'certs', 'client_certificate.pem');
}

/** Drivers on each PKI folder that want to know when its application certificate was renewed. */
const renewedListeners = new Map<string, Set<() => void>>();

/** Calls `listener` after each renewal of the certificate in `root` (every driver of the project reconnects with it). */
export function onOwnCertificateRenewed(root: string, listener: () => void): { dispose(): void } {
  let listeners = renewedListeners.get(root);
  if (!listeners) renewedListeners.set(root, (listeners = new Set()));
  listeners.add(listener);
  return {
    dispose: () => {
      listeners.delete(listener);
      if (listeners.size === 0 && renewedListeners.get(root) === listeners) renewedListeners.delete(root);
    },
  };
}

/** One creation at a time per PKI folder: several devices of a project share it and connect at once. */
const busy = new Map<string, Promise<unknown>>();

function serialised<T>(root: string, work: () => Promise<T>): Promise<T> {
  const before = busy.get(root) ?? Promise.resolve();
  const next = before.catch(() => undefined).then(work);
  busy.set(root, next);
  void next
    .finally(() => {
      if (busy.get(root) === next) busy.delete(root);
    })
    .catch(() => undefined);
  return next;
}

async function create(manager: OPCUACertificateManager, identity: OwnIdentity, outputFile: string): Promise<void> {
  const host = identity.host ?? getHostname();
  await manager.createSelfSignedCertificate({
    outputFile,
    subject: ownSubject(identity),
    applicationUri: applicationUri(host),
    dns: [host],
    startDate: new Date(Date.now() - 60_000),
    validity: VALIDITY_DAYS,
  });
}

/**
 * Creates the application certificate when there is none (first secure connect): ours, so it names the
 * plant and the host. An existing one is kept as it is, whoever made it: servers may trust it already.
 */
export function ensureOwnCertificate(manager: OPCUACertificateManager, identity: OwnIdentity): Promise<void> {
  const file = ownCertificateFile(manager);
  if (existsSync(file)) return Promise.resolve();
  return serialised(manager.rootDir, async () => {
    if (!existsSync(file)) await create(manager, identity, file);
  });
}

/**
 * A new application certificate (same key pair, new serial and validity, the current plant name and
 * host) in place of the old one. Written beside it and renamed over it, so a connection being set up
 * meanwhile reads the old one or the new one, never half a file.
 */
export function renewOwnCertificate(manager: OPCUACertificateManager, identity: OwnIdentity): Promise<void> {
  const file = ownCertificateFile(manager);
  return serialised(manager.rootDir, async () => {
    const fresh = `${file}.new`;
    await rm(fresh, { force: true });
    await create(manager, identity, fresh);
    await rename(fresh, file);
  }).then(() => {
    for (const listener of [...(renewedListeners.get(manager.rootDir) ?? [])]) listener();
  });
}

/** The application certificate as it is on disk, or undefined when none was created yet. */
export async function readOwnCertificate(manager: OPCUACertificateManager): Promise<OwnCertificateInfo | undefined> {
  const file = ownCertificateFile(manager);
  let summary: CertificateSummary;
  try {
    const pem = await readFile(file, 'latin1');
    const body = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem)?.[1];
    if (!body) return undefined;
    summary = describeCertificate(Buffer.from(body.replace(/\s+/g, ''), 'base64'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return {
    subject: summary.subject,
    thumbprint: summary.thumbprint,
    validFrom: summary.validFrom,
    validTo: summary.validTo,
    applicationUri: summary.uris[0] ?? '',
    dnsNames: summary.dnsNames,
    file,
  };
}

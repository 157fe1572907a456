import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { OPCUACertificateManager } from 'node-opcua';
import { describeCertificate, type CertificateSummary } from './certificate-summary.ts';
import { ensureOwnCertificate, readOwnCertificate, renewOwnCertificate, type OwnCertificateInfo, type OwnIdentity } from './own-certificate.ts';

/** A server certificate the driver has met, for the Devices view. */
export interface ServerCertificateInfo {
  subject: string;
  /** SHA-1 of the DER, lower-case hex without separators (what node-opcua and UaExpert show). */
  thumbprint: string;
  status: 'trusted' | 'rejected' | 'untrusted';
  /** End of validity (epoch ms). */
  validTo: number;
}

/** What a Devices view uses to let an engineer trust or reject a server's certificate. */
export interface CertificateTrust {
  listServerCertificates(): Promise<ServerCertificateInfo[]>;
  /** Trusts the certificate; a driver waiting on it reconnects by itself. */
  trust(thumbprint: string): Promise<void>;
  reject(thumbprint: string): Promise<void>;
}

export function isCertificateTrust(value: unknown): value is CertificateTrust {
  const v = value as Partial<CertificateTrust> | null;
  return typeof v?.listServerCertificates === 'function' && typeof v.trust === 'function' && typeof v.reject === 'function';
}

/** Lineside's own application certificate, which servers must trust: shown and renewed in the Devices view. */
export interface OwnCertificate {
  /** undefined until the first connection created it. */
  ownCertificate(): Promise<OwnCertificateInfo | undefined>;
  /** A new certificate (current plant name and host) replaces the old one; every secured device reconnects with it. */
  renewOwnCertificate(): Promise<OwnCertificateInfo>;
}

export function isOwnCertificate(value: unknown): value is OwnCertificate {
  const v = value as Partial<OwnCertificate> | null;
  return typeof v?.ownCertificate === 'function' && typeof v.renewOwnCertificate === 'function';
}

function toDer(content: Buffer): Buffer {
  const text = content.toString('latin1');
  const pem = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(text);
  return pem ? Buffer.from((pem[1] ?? '').replace(/\s+/g, ''), 'base64') : content;
}

const USER_REJECTED = 'rejected-by-user.json';

/**
 * The client PKI of one project (`<dataDir>/pki/opcua`): own certificate and key (created by node-opcua on
 * first connect), trusted/ and rejected/ server certificates. node-opcua files every unknown server
 * certificate under rejected/; we tell "not yet decided" (untrusted) from "rejected by a person" with a
 * small list kept beside the folders.
 */
export class OpcuaPki implements CertificateTrust {
  readonly manager: OPCUACertificateManager;
  readonly #root: string;
  #initialized: Promise<void> | undefined;
  #userRejected: Set<string> | undefined;
  readonly #onTrust: () => void;
  readonly #identity: OwnIdentity;

  constructor(root: string, onTrust: () => void, identity: OwnIdentity) {
    this.#root = root;
    this.#onTrust = onTrust;
    this.#identity = identity;
    this.manager = new OPCUACertificateManager({ rootFolder: root, automaticallyAcceptUnknownCertificate: false, disableFileWatchers: true, name: 'Lineside' });
    // node-opcua checks the server certificate through this method and only keeps a generic message;
    // remembering what it checked lets the driver name the certificate and the reason.
    const check = this.manager.checkCertificate.bind(this.manager) as (chain: Buffer | Buffer[]) => Promise<{ name: string; isGood(): boolean }>;
    const recording = async (chain: Buffer | Buffer[], callback?: (err: Error | null, status?: unknown) => void) => {
      try {
        const status = await check(chain);
        const der = Array.isArray(chain) ? chain[0] : chain;
        if (der) this.lastChecked = { der: Buffer.from(der), status: status.name };
        callback?.(null, status);
        return status;
      } catch (error) {
        if (!callback) throw error;
        callback(error as Error);
        return undefined;
      }
    };
    this.manager.checkCertificate = recording as typeof this.manager.checkCertificate;
  }

  /** The last server certificate node-opcua checked, and its verdict (a StatusCode name). */
  lastChecked: { der: Buffer; status: string } | undefined;

  /** The folders, the key pair and (when there is none yet) the application certificate. */
  initialize(): Promise<void> {
    this.#initialized ??= this.manager.initialize().then(() => ensureOwnCertificate(this.manager, this.#identity));
    return this.#initialized;
  }

  async ownCertificate(): Promise<OwnCertificateInfo | undefined> {
    await this.initialize();
    return readOwnCertificate(this.manager);
  }

  async renewOwnCertificate(): Promise<OwnCertificateInfo> {
    await this.initialize();
    await renewOwnCertificate(this.manager, this.#identity);
    const renewed = await readOwnCertificate(this.manager);
    if (!renewed) throw new Error(`the renewed certificate is missing from ${this.#root}`);
    return renewed;
  }

  /** Our certificate's subject and thumbprint, for messages (undefined when it cannot be read). */
  async ownCertificateLabel(): Promise<string | undefined> {
    const own = await readOwnCertificate(this.manager).catch(() => undefined);
    return own ? `"${own.subject}" (thumbprint ${own.thumbprint})` : undefined;
  }

  async listServerCertificates(): Promise<ServerCertificateInfo[]> {
    await this.initialize();
    const userRejected = await this.#loadUserRejected();
    const trusted = await this.#certificates(this.manager.trustedFolder);
    const rejected = await this.#certificates(this.manager.rejectedFolder);
    const list: ServerCertificateInfo[] = [];
    for (const { summary } of trusted) list.push({ subject: summary.subject, thumbprint: summary.thumbprint, status: 'trusted', validTo: summary.validTo });
    for (const { summary } of rejected) {
      if (list.some((c) => c.thumbprint === summary.thumbprint)) continue;
      const status = userRejected.has(summary.thumbprint) ? 'rejected' : 'untrusted';
      list.push({ subject: summary.subject, thumbprint: summary.thumbprint, status, validTo: summary.validTo });
    }
    return list;
  }

  async trust(thumbprint: string): Promise<void> {
    const der = await this.#find(thumbprint);
    await this.manager.trustCertificate(der);
    const userRejected = await this.#loadUserRejected();
    if (userRejected.delete(normalize(thumbprint))) await this.#saveUserRejected();
    this.#onTrust();
  }

  async reject(thumbprint: string): Promise<void> {
    const der = await this.#find(thumbprint);
    await this.manager.rejectCertificate(der);
    (await this.#loadUserRejected()).add(normalize(thumbprint));
    await this.#saveUserRejected();
  }

  /** Whether a person rejected this certificate (rather than it merely not being trusted yet). */
  async isRejectedByUser(thumbprint: string): Promise<boolean> {
    return (await this.#loadUserRejected()).has(normalize(thumbprint));
  }

  async dispose(): Promise<void> {
    if (this.#initialized) await this.#initialized.catch(() => undefined);
    await this.manager.dispose();
  }

  async #find(thumbprint: string): Promise<Buffer> {
    await this.initialize();
    const wanted = normalize(thumbprint);
    for (const folder of [this.manager.rejectedFolder, this.manager.trustedFolder]) {
      const found = (await this.#certificates(folder)).find((c) => c.summary.thumbprint === wanted);
      if (found) return found.der;
    }
    throw new Error(`no server certificate with thumbprint ${thumbprint} in ${this.#root}`);
  }

  async #certificates(folder: string): Promise<{ der: Buffer; summary: CertificateSummary }[]> {
    const names = await readdir(folder).catch(() => [] as string[]);
    const found: { der: Buffer; summary: CertificateSummary }[] = [];
    for (const name of names.filter((n) => /\.(pem|der|crt|cer)$/i.test(n))) {
      try {
        const der = toDer(await readFile(join(folder, name)));
        found.push({ der, summary: describeCertificate(der) });
      } catch {
        // A file that is not a certificate is none of our business.
      }
    }
    return found;
  }

  async #loadUserRejected(): Promise<Set<string>> {
    if (this.#userRejected) return this.#userRejected;
    try {
      const parsed: unknown = JSON.parse(await readFile(join(this.#root, USER_REJECTED), 'utf8'));
      this.#userRejected = new Set(Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : []);
    } catch {
      this.#userRejected = new Set();
    }
    return this.#userRejected;
  }

  async #saveUserRejected(): Promise<void> {
    await writeFile(join(this.#root, USER_REJECTED), JSON.stringify([...(this.#userRejected ?? [])], null, 2));
  }
}

function normalize(thumbprint: string): string {
  return thumbprint.replaceAll(':', '').toLowerCase();
}

import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataType, MessageSecurityMode, OPCUACertificateManager, OPCUAServer, SecurityPolicy, StatusCodes, Variant, type Namespace, type StatusCode, type UAObject } from 'node-opcua';
import type { Value } from '../../common/data-value.ts';
import type { DataType as TagDataType } from '../../common/tag.ts';
import type { PlantPoint, PlantState } from './plant-state.ts';

export const PLANT_NAMESPACE = 'urn:lineside:example-plant';

const OPCUA_TYPES: Record<TagDataType, { id: DataType; name: string }> = {
  bool: { id: DataType.Boolean, name: 'Boolean' },
  int16: { id: DataType.Int16, name: 'Int16' },
  uint16: { id: DataType.UInt16, name: 'UInt16' },
  int32: { id: DataType.Int32, name: 'Int32' },
  uint32: { id: DataType.UInt32, name: 'UInt32' },
  float32: { id: DataType.Float, name: 'Float' },
  float64: { id: DataType.Double, name: 'Double' },
  string: { id: DataType.String, name: 'String' },
  datetime: { id: DataType.DateTime, name: 'DateTime' },
};

const REFUSALS: Record<string, StatusCode> = {
  'out-of-range': StatusCodes.BadOutOfRange,
  'type-mismatch': StatusCodes.BadTypeMismatch,
};

/** The plant server's own certificate: made on the first start, then kept in the PKI and served again. */
export interface PlantCertificate {
  readonly file: string;
  /** SHA-1 of the DER certificate in lower-case hex, as OPC UA names certificates. */
  readonly thumbprint: string;
  /** True when this start made it (no usable one was there), false when it was kept from an earlier start. */
  readonly made: boolean;
  /** Why an earlier certificate was not kept, when there was one. */
  readonly replaced?: string;
}

export interface PlantOpcuaServer {
  readonly endpointUrl: string;
  readonly certificate: PlantCertificate;
  close(): Promise<void>;
}

function thumbprintOf(pem: string | Buffer): string {
  return new X509Certificate(pem).fingerprint.replaceAll(':', '').toLowerCase();
}

/**
 * What is at the server certificate's place before the server starts. node-opcua makes a certificate
 * only where there is no file, and fails on one it cannot read (an empty file left by a crash during
 * the first start): such a file is removed so a new one is made.
 */
function existingCertificate(file: string): { kept: boolean; replaced?: string } {
  if (!existsSync(file)) return { kept: false };
  try {
    thumbprintOf(readFileSync(file));
    return { kept: true };
  } catch (error) {
    rmSync(file);
    return { kept: false, replaced: `${file} was not a certificate (${(error as Error).message})` };
  }
}

/**
 * The plant's OPC UA server on `host:port`: Objects/Line1/{Tank101, TransferPump1, ..., Filler, ...} and
 * Objects/Demo, one variable per plant point with its own data type; writable points take writes into the
 * model. Security None, and Basic256Sha256 Sign / SignAndEncrypt for clients that want it (client
 * certificates are accepted automatically: this is an example plant). The PKI lives under `pkiDir`; the
 * server's certificate is made there on the first start and kept for the next ones (node-opcua makes
 * one only where there is none), so a client that trusted it once keeps trusting it.
 */
export async function startOpcuaServer(state: PlantState, options: { host: string; port: number; pkiDir: string }): Promise<PlantOpcuaServer> {
  const serverCertificateManager = new OPCUACertificateManager({
    rootFolder: join(options.pkiDir, 'server'),
    automaticallyAcceptUnknownCertificate: true,
    disableFileWatchers: true,
  });
  const userCertificateManager = new OPCUACertificateManager({
    rootFolder: join(options.pkiDir, 'users'),
    automaticallyAcceptUnknownCertificate: true,
    disableFileWatchers: true,
  });
  const disposeManagers = async () => {
    await serverCertificateManager.dispose();
    await userCertificateManager.dispose();
  };
  const certificateFile = join(options.pkiDir, 'server', 'own', 'certs', 'certificate.pem');
  let server: OPCUAServer | undefined;
  let certificate: PlantCertificate;
  try {
    const before = existingCertificate(certificateFile);
    await serverCertificateManager.initialize();
    await userCertificateManager.initialize();
    server = new OPCUAServer({
      port: options.port,
      hostname: options.host,
      host: options.host,
      serverCertificateManager,
      certificateFile,
      userCertificateManager,
      securityModes: [MessageSecurityMode.None, MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt],
      securityPolicies: [SecurityPolicy.None, SecurityPolicy.Basic256Sha256],
      allowAnonymous: true,
      serverInfo: { applicationUri: 'urn:lineside:example-plant:server', productUri: 'lineside-example-plant', applicationName: { text: 'Lineside example plant' } },
      buildInfo: { productName: 'Lineside example plant', manufacturerName: 'Lineside' },
    });
    await server.initialize();
    certificate = {
      file: certificateFile,
      thumbprint: thumbprintOf(readFileSync(certificateFile)),
      made: !before.kept,
      ...(before.replaced === undefined ? {} : { replaced: before.replaced }),
    };
    buildAddressSpace(server, state);
    await server.start();
  } catch (error) {
    await server?.shutdown(0).catch(() => {});
    await disposeManagers();
    throw error;
  }
  const running = server;
  let closing: Promise<void> | undefined;
  return {
    endpointUrl: `opc.tcp://${options.host}:${options.port}`,
    certificate,
    close: () =>
      (closing ??= (async () => {
        await running.shutdown(0);
        await disposeManagers();
      })()),
  };
}

function buildAddressSpace(server: OPCUAServer, state: PlantState): void {
  const addressSpace = server.engine.addressSpace;
  if (!addressSpace) throw new Error('the OPC UA server has no address space');
  const ns = addressSpace.registerNamespace(PLANT_NAMESPACE);
  const folders = new Map<string, UAObject>();
  const folder = (path: string): UAObject => {
    const existing = folders.get(path);
    if (existing) return existing;
    const cut = path.lastIndexOf('.');
    const parent = cut < 0 ? addressSpace.rootFolder.objects : folder(path.slice(0, cut));
    const created = ns.addFolder(parent, { browseName: path.slice(cut + 1), nodeId: `s=${path}` });
    folders.set(path, created);
    return created;
  };
  for (const point of state.points) addPoint(ns, folder(point.node.slice(0, point.node.lastIndexOf('.'))), point, state);
}

function addPoint(ns: Namespace, parent: UAObject, point: PlantPoint, state: PlantState): void {
  const type = OPCUA_TYPES[point.dataType];
  const access = point.writable ? 'CurrentRead | CurrentWrite' : 'CurrentRead';
  const variable = ns.addVariable({
    componentOf: parent,
    browseName: point.node.slice(point.node.lastIndexOf('.') + 1),
    nodeId: `s=${point.node}`,
    dataType: type.name,
    description: point.units === '' ? point.description : `${point.description} (${point.units})`,
    accessLevel: access,
    userAccessLevel: access,
    // The model steps every 100 ms: sampling faster would only repeat values.
    minimumSamplingInterval: 100,
  });
  const get = (): Variant => {
    const value = state.read(point) ?? null;
    // Dates are epoch ms in the plant model, Date objects in OPC UA.
    return new Variant({ dataType: type.id, value: type.id === DataType.DateTime && typeof value === 'number' ? new Date(value) : value });
  };
  if (!point.writable) {
    variable.bindVariable({ get }, true);
    return;
  }
  variable.bindVariable(
    {
      get,
      set: (variant: Variant): StatusCode => {
        const written = state.write(point, variant.value as Value);
        return written.ok ? StatusCodes.Good : (REFUSALS[written.error.code] ?? StatusCodes.BadNotWritable);
      },
    },
    true,
  );
}

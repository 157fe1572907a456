import { z } from 'zod';
import { DataTypeSchema } from './tag.ts';

/**
 * The Devices view's calls: what a device's driver can do beyond values (browse its address space,
 * show and decide on OPC UA server certificates). Status and statistics come with `devices.list` and
 * the `devices.status` event in contract.ts.
 */

const DeviceName = z.string().min(1).max(100);

/** SHA-1 of the certificate's DER as hex, with or without colons (as node-opcua and UaExpert show it). */
export const ThumbprintSchema = z.string().regex(/^(?:[0-9a-fA-F]{40}|[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){19})$/, 'a thumbprint is 40 hex digits (SHA-1), colons allowed');

/** One entry of a device's address space: a folder/object to browse further, or a variable to read. */
export const BrowseNodeSchema = z.object({
  name: z.string(),
  /** What to put in a tag's `source.address` to read this node, when it holds a value. */
  address: z.string().optional(),
  /** Pass back to `devices.browse` to list its children, when it has any. */
  browsePath: z.string().optional(),
  /** The driver's name of the type (OPC UA: Double, Int32, Boolean...). */
  dataType: z.string().optional(),
  description: z.string().optional(),
  /** An array variable: its number of elements (imported as the tag's `arrayLength`). */
  arrayLength: z.number().int().min(0).optional(),
});
export type BrowseNode = z.infer<typeof BrowseNodeSchema>;

export const CERTIFICATE_STATUSES = ['trusted', 'rejected', 'untrusted'] as const;
export const ServerCertificateSchema = z.object({
  subject: z.string(),
  thumbprint: z.string(),
  /** untrusted: seen but nobody decided yet; rejected: a person rejected it. */
  status: z.enum(CERTIFICATE_STATUSES),
  /** End of validity (epoch ms). */
  validTo: z.number(),
});
export type ServerCertificate = z.infer<typeof ServerCertificateSchema>;

/** Lineside's own OPC UA application certificate: what a server's administrator must trust. */
export const OwnCertificateSchema = z.object({
  subject: z.string(),
  thumbprint: z.string(),
  validFrom: z.number(),
  validTo: z.number(),
  applicationUri: z.string(),
  dnsNames: z.array(z.string()),
  /** Where the PEM file is on the station, to copy it onto a server by hand. */
  file: z.string(),
});
export type OwnCertificate = z.infer<typeof OwnCertificateSchema>;

/** What a device's driver offers the Devices view besides values. */
export const DeviceCapabilitiesSchema = z.object({
  device: z.string(),
  /** `devices.browse` works (while connected). */
  browse: z.boolean(),
  /** `devices.certificates` and trust/reject work (OPC UA). */
  certificates: z.boolean(),
});
export type DeviceCapabilities = z.infer<typeof DeviceCapabilitiesSchema>;

const CertificateDecision = z.strictObject({ device: DeviceName, thumbprint: ThumbprintSchema });

/** What a tag's address means on the device's wire, or why the driver refuses it (with the column). */
export const ResolvedAddressSchema = z.object({ ok: z.boolean(), text: z.string() });
export type ResolvedAddress = z.infer<typeof ResolvedAddressSchema>;

export const deviceCalls = {
  'devices.capabilities': { params: z.strictObject({ device: DeviceName }), result: DeviceCapabilitiesSchema },
  /** Children of a node (the root without `browsePath`); a driver that cannot browse answers bad-request. */
  'devices.browse': {
    params: z.strictObject({ device: DeviceName, browsePath: z.string().max(1000).optional() }),
    result: z.array(BrowseNodeSchema),
  },
  /** The server certificates the device's OPC UA client has met, trusted or not. */
  'devices.certificates': { params: z.strictObject({ device: DeviceName }), result: z.array(ServerCertificateSchema) },
  /** Needs the permission devices.trust (an engineering decision about the plant network). The device reconnects at once; the reply is the certificate list after. */
  'devices.trustCertificate': { params: CertificateDecision, result: z.array(ServerCertificateSchema) },
  /** Needs the permission devices.trust. */
  'devices.rejectCertificate': { params: CertificateDecision, result: z.array(ServerCertificateSchema) },
  /** Lineside's application certificate (shared by every OPC UA device of the project); null until the first connection made it. */
  'devices.ownCertificate': { params: z.strictObject({ device: DeviceName }), result: OwnCertificateSchema.nullable() },
  /**
   * Needs the permission devices.trust; audited. A new certificate (the project's plant name, this host)
   * replaces the old one; every secured OPC UA device reconnects with it, so servers must trust the new one.
   */
  'devices.renewCertificate': { params: z.strictObject({ device: DeviceName }), result: OwnCertificateSchema },
  /** For the tag form: the address resolved by the device's driver (Modbus: unit, table, register, function codes); empty text when the driver has nothing to add. */
  'devices.describeAddress': {
    params: z.strictObject({ device: DeviceName, address: z.string().max(1000), options: z.record(z.string(), z.unknown()).optional(), dataType: DataTypeSchema }),
    result: ResolvedAddressSchema,
  },
} as const;

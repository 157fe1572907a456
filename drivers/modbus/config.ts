import { z } from 'zod';
import { ADDRESS_SYNTAXES } from './address-syntax.ts';
import { BYTE_ORDERS } from './item-types.ts';

export const ByteOrderSchema = z.enum(BYTE_ORDERS);

/** The Modbus spec's limits per request (FC3/FC4: 125 registers, FC1/FC2: 2000 bits). */
export const MAX_REGISTERS = 125;
export const MAX_BITS = 2000;

const PollGroupSchema = z.strictObject({ rateMs: z.number().int().min(10).max(3_600_000) });

/** Settings of one unit id that differ from the device's (a slow unit behind a gateway). */
const UnitSettingsSchema = z.strictObject({
  timeoutMs: z.number().int().min(10).max(60_000).optional(),
  retries: z.number().int().min(0).max(10).optional(),
});

export const ModbusConfigSchema = z
  .strictObject({
    transport: z.enum(['tcp', 'rtu', 'rtu-over-tcp']).default('tcp'),
    /** tcp and rtu-over-tcp: the device or gateway. */
    host: z.string().min(1).optional(),
    port: z.number().int().min(1).max(65535).default(502),
    /** rtu: the serial port (e.g. /dev/ttyUSB0, COM3). */
    path: z.string().min(1).optional(),
    baudRate: z.number().int().min(300).max(4_000_000).default(9600),
    parity: z.enum(['none', 'even', 'odd']).default('none'),
    dataBits: z.union([z.literal(7), z.literal(8)]).default(8),
    stopBits: z.union([z.literal(1), z.literal(2)]).default(1),
    /** The unit (slave) id of every tag that does not name its own. */
    unitId: z.number().int().min(0).max(255).default(1),
    timeoutMs: z.number().int().min(10).max(60_000).default(1000),
    /** Extra attempts of a request that timed out or failed on the wire (not of Modbus exceptions). */
    retries: z.number().int().min(0).max(10).default(1),
    reconnect: z
      .strictObject({
        minMs: z.number().int().min(10).default(500),
        maxMs: z.number().int().min(10).default(2000),
        /**
         * No longer used: every wait is drawn from the whole window up to the doubling ceiling (full
         * jitter, common/backoff.ts). Still accepted so older projects load; the loader warns about it.
         */
        jitter: z.number().min(0).max(1).optional(),
      })
      .prefault({}),
    /** The device's own limits, if lower than the spec's. */
    maxRegistersPerRequest: z.number().int().min(1).max(MAX_REGISTERS).default(MAX_REGISTERS),
    maxBitsPerRequest: z.number().int().min(1).max(MAX_BITS).default(MAX_BITS),
    /** Unused addresses a request may read to join two neighbouring tags into one request. */
    maxGapRegisters: z.number().int().min(0).max(MAX_REGISTERS).default(16),
    maxGapBits: z.number().int().min(0).max(MAX_BITS).default(128),
    /**
     * Requests a TCP device may have outstanding at once (Modbus TCP transaction ids). Many devices
     * handle only one, so 1 is the default; RTU is always one at a time.
     */
    maxConcurrentRequests: z.number().int().min(1).max(16).default(1),
    /** The rate of tags without a poll group. */
    pollMs: z.number().int().min(10).max(3_600_000).default(1000),
    pollGroups: z.record(z.string().regex(/^[A-Za-z0-9_-]+$/), PollGroupSchema).default({}),
    /** The default byte/word order of multi-byte values (ABCD = big-endian, high word first). */
    order: ByteOrderSchema.default('ABCD'),
    /** How this device's tag addresses are written: `hr:0` (lineside), `40001` (modicon) or `HR1` (ignition). */
    addressSyntax: z.enum(ADDRESS_SYNTAXES).default('lineside'),
    /**
     * The device implements FC22 (Mask Write Register): a register bit is written in one request
     * instead of read-modify-write (which is atomic only against this station's own writes).
     */
    maskWriteRegister: z.boolean().default(false),
    /** Per unit id ("2": { "timeoutMs": 3000 }): settings that differ from the device's. */
    units: z.record(z.string().regex(/^(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/, 'a unit id is 0..255'), UnitSettingsSchema).default({}),
    /**
     * A unit that stops answering is asked again after a random wait below a ceiling that doubles from
     * minMs to maxMs (full jitter), while the others keep their rate.
     */
    unitBackoff: z
      .strictObject({
        minMs: z.number().int().min(10).default(1000),
        maxMs: z.number().int().min(10).default(10_000),
      })
      .prefault({}),
  })
  .superRefine((c, ctx) => {
    if (c.transport === 'rtu' && c.path === undefined) {
      ctx.addIssue({ code: 'custom', path: ['path'], message: "transport 'rtu' needs the serial port path (e.g. /dev/ttyUSB0)" });
    }
    if (c.transport !== 'rtu' && c.host === undefined) {
      ctx.addIssue({ code: 'custom', path: ['host'], message: `transport '${c.transport}' needs a host (e.g. 192.168.0.10)` });
    }
    if (c.transport !== 'tcp' && c.maxConcurrentRequests > 1) {
      ctx.addIssue({ code: 'custom', path: ['maxConcurrentRequests'], message: `transport '${c.transport}' carries one request at a time: maxConcurrentRequests must be 1` });
    }
    if (c.unitBackoff.minMs > c.unitBackoff.maxMs) {
      ctx.addIssue({ code: 'custom', path: ['unitBackoff', 'maxMs'], message: 'unitBackoff.maxMs must be at least unitBackoff.minMs' });
    }
    if (c.reconnect.minMs > c.reconnect.maxMs) {
      ctx.addIssue({ code: 'custom', path: ['reconnect', 'maxMs'], message: 'reconnect.maxMs must be at least reconnect.minMs' });
    }
  });
export type ModbusConfig = z.infer<typeof ModbusConfigSchema>;

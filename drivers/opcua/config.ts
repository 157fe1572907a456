import { z } from 'zod';

export const SECURITY_MODES = ['None', 'Sign', 'SignAndEncrypt'] as const;
export const SECURITY_POLICIES = ['None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss'] as const;

const AuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('anonymous') }),
  z.strictObject({ type: z.literal('username'), username: z.string().min(1), password: z.string() }),
  /**
   * An X.509 user certificate (PEM or DER file; a relative path is from the project folder) and its
   * private key: `privateKey` (PEM text, a secret kept in the station's secrets file) or `privateKeyFile`.
   */
  z
    .strictObject({ type: z.literal('certificate'), certificateFile: z.string().min(1), privateKeyFile: z.string().min(1).optional(), privateKey: z.string().min(1).optional() })
    .refine((a) => (a.privateKey === undefined) !== (a.privateKeyFile === undefined), { message: 'give the private key as privateKey (a secret) or privateKeyFile, one of them', path: ['privateKey'] }),
]);

export const OpcuaConfigSchema = z
  .strictObject({
    endpointUrl: z.string().regex(/^opc\.tcp:\/\/[^/:]+(:\d+)?(\/.*)?$/, 'must look like opc.tcp://host:4840[/path]'),
    securityMode: z.enum(SECURITY_MODES).default('None'),
    securityPolicy: z.enum(SECURITY_POLICIES).default('None'),
    auth: AuthSchema.default({ type: 'anonymous' }),
    /** Defaults for items without their own options (ms). */
    publishingInterval: z.number().min(10).max(3_600_000).default(1000),
    samplingInterval: z.number().min(-1).max(3_600_000).default(-1),
    /** How long one request may take before it counts as failed (ms). */
    requestTimeoutMs: z.number().int().min(100).max(600_000).default(10_000),
    /** Reconnection backoff (ms): a random wait below a ceiling that doubles from min to max (full jitter). */
    reconnectMinMs: z.number().int().min(50).max(60_000).default(500),
    reconnectMaxMs: z.number().int().min(100).max(600_000).default(10_000),
  })
  .superRefine((c, ctx) => {
    if ((c.securityMode === 'None') !== (c.securityPolicy === 'None')) {
      ctx.addIssue({
        code: 'custom',
        path: ['securityPolicy'],
        message: c.securityMode === 'None' ? `securityMode None takes securityPolicy None (got ${c.securityPolicy})` : `securityMode ${c.securityMode} needs a securityPolicy: Basic256Sha256, Aes128_Sha256_RsaOaep or Aes256_Sha256_RsaPss`,
      });
    }
    if (c.reconnectMaxMs < c.reconnectMinMs) ctx.addIssue({ code: 'custom', path: ['reconnectMaxMs'], message: 'must be at least reconnectMinMs' });
  });
export type OpcuaConfig = z.infer<typeof OpcuaConfigSchema>;
export type OpcuaConfigInput = z.input<typeof OpcuaConfigSchema>;

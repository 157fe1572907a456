import { z } from 'zod';

/** One or more topic levels without wildcards: `acme/plant1/packaging/line1`. */
const TopicPath = z
  .string()
  .min(1)
  .max(500)
  .refine((t) => !/[+#]/.test(t) && !t.startsWith('/') && !t.endsWith('/') && !t.split('/').includes(''), 'a topic path is levels separated by /, without +, # or empty levels');

/** Options of the MQTT (Unified Namespace) connector (`type: "mqtt"`). */
export const MqttConnectorOptionsSchema = z.strictObject({
  /** The broker, e.g. mqtt://127.0.0.1:1883 or mqtts://broker:8883. */
  url: z.url({ message: 'must be a URL like mqtt://host:1883' }).refine((u) => /^(mqtts?|wss?):/.test(u), 'must be an mqtt://, mqtts://, ws:// or wss:// URL'),
  /** Fixed, so the broker keeps this station's session (queued orders) while it is away. */
  clientId: z.string().min(1).max(128).optional(),
  username: z.string().min(1).optional(),
  /** `${ENV_NAME}` reads it from the environment. */
  password: z.string().min(1).optional(),
  /** The Unified Namespace position of this line: enterprise/site/area/line. */
  topicRoot: TopicPath,
  /** Where the MES publishes orders (single-level `+` allowed at the end); default `<topicRoot>/mes/orders/+`. */
  ordersTopic: z
    .string()
    .min(1)
    .refine((t) => !t.includes('#') && !/\+./.test(t.replace(/\/\+$/, '')), 'an orders topic has no # and at most a final /+')
    .optional(),
  /** A PUBACK not arriving within this is an ambiguous delivery. */
  timeoutMs: z.number().int().min(100).max(120_000).default(5_000),
  reconnectPeriodMs: z.number().int().min(50).max(60_000).default(2_000),
  /** How long the broker keeps this station's session (and the orders queued for it) while it is away. */
  sessionExpirySeconds: z
    .number()
    .int()
    .min(60)
    .max(4_294_967_295)
    .default(7 * 24 * 3600),
  keepaliveSeconds: z.number().int().min(5).max(3_600).default(30),
  /**
   * Each line's machine state, counters and OEE are published (retained) at most this often per
   * line; 0: not at all (the connector then carries MES messages only).
   */
  lineIntervalMs: z
    .number()
    .int()
    .refine((n) => n === 0 || (n >= 100 && n <= 600_000), 'must be 0 (off) or from 100 to 600000 ms')
    .default(1_000),
});
export type MqttConnectorOptions = z.output<typeof MqttConnectorOptionsSchema>;

import { z } from 'zod';
import { alarmCalls, alarmEvents } from './alarms.ts';
import { configCalls, configEvents } from './config-contract.ts';
import { DataValueSchema, ValueSchema } from './data-value.ts';
import { DeviceInfoSchema } from './device.ts';
import { deviceCalls } from './devices-contract.ts';
import { historyCalls } from './history.ts';
import { reportCalls, reportEvents } from './reports-contract.ts';
import { screenCalls, screenEvents } from './screens-contract.ts';
import { trendViewCalls } from './trend-views.ts';
import { auditCalls } from './audit.ts';
import { SessionUserSchema, userCalls, userEvents } from './users.ts';
import { mesCalls, mesEvents } from './mes-contract.ts';
import { lotCalls } from './lots.ts';
import { ruleCalls } from './rules.ts';
import { inspectionCalls } from './inspection.ts';
import { QualitySchema } from './quality.ts';
import { textCalls, textEvents } from './project-texts.ts';
import { storeCalls, storeEvents } from './stores.ts';
import { notifyCalls } from './notify-contract.ts';
import { maintenanceCalls } from './maintenance-contract.ts';
import { TagInfoSchema, TagRefSchema } from './tag.ts';

/**
 * The one contract between the runtime and its clients. The gateway serves exactly these calls and
 * events, and the renderer's client is typed from them; a name is written here and nowhere else.
 */

const NoParams = z.strictObject({});

export const SessionInfoSchema = z.object({
  product: z.literal('Lineside'),
  version: z.string(),
  project: z.string(),
  plant: z.string(),
  timeZone: z.string(),
  /** The signed-in person of this connection; null while nobody is signed in (view only). */
  user: SessionUserSchema.nullable(),
  /** True while no user account exists: the station asks for the administrator first. */
  firstStart: z.boolean(),
  /** Inactivity after which the station signs its person out. */
  idleTimeoutMs: z.number(),
  serverTime: z.number(),
  /**
   * How the station is served: over TLS or not, and a warning when it is reachable from the network
   * in clear (a non-loopback address without TLS), which the HMI shows in its status bar.
   */
  transport: z.object({ tls: z.boolean(), warning: z.string().nullable() }),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

const SubscriptionId = z.number().int().nonnegative();

/** One change in a `tags.changed` event: [index into the subscription's paths, value, quality, sourceTime, serverTime]. */
export const TagChangeSchema = z.tuple([z.number().int().nonnegative(), ValueSchema, QualitySchema, z.number(), z.number()]);
export type TagChange = z.infer<typeof TagChangeSchema>;

export const calls = {
  'session.info': { params: NoParams, result: SessionInfoSchema },
  'tags.list': {
    params: z.strictObject({ prefix: z.string().max(200).optional() }),
    result: z.array(TagInfoSchema),
  },
  'tags.read': {
    params: z.strictObject({ paths: z.array(TagRefSchema).min(1).max(100_000) }),
    result: z.array(DataValueSchema),
  },
  /**
   * Subscribes to a set of tags (by paths, by path prefix, or all when neither is given). The reply
   * fixes the order of `paths`; `tags.changed` events refer to tags by their index in it. Changes are
   * coalesced: at most one event per `maxRateMs`, carrying each changed tag's latest value once.
   */
  'tags.subscribe': {
    params: z.strictObject({
      paths: z.array(TagRefSchema).max(100_000).optional(),
      prefix: z.string().max(200).optional(),
      maxRateMs: z.number().int().min(5).max(60_000).default(20),
    }),
    result: z.object({ subscriptionId: SubscriptionId, paths: z.array(z.string()), values: z.array(DataValueSchema) }),
  },
  'tags.unsubscribe': {
    params: z.strictObject({ subscriptionId: SubscriptionId }),
    result: z.object({ subscriptionId: SubscriptionId }),
  },
  /** Writes one tag in engineering units; checked against type, limits and permission in the runtime. */
  'tags.write': {
    params: z.strictObject({ path: TagRefSchema, value: z.union([z.number(), z.boolean(), z.string()]) }),
    result: z.object({ path: z.string(), value: ValueSchema, acceptedAt: z.number() }),
  },
  'devices.list': { params: NoParams, result: z.array(DeviceInfoSchema) },
  ...deviceCalls,
  ...historyCalls,
  ...trendViewCalls,
  ...alarmCalls,
  ...reportCalls,
  ...configCalls,
  ...screenCalls,
  ...userCalls,
  ...auditCalls,
  ...mesCalls,
  ...lotCalls,
  ...ruleCalls,
  ...inspectionCalls,
  ...storeCalls,
  ...notifyCalls,
  ...maintenanceCalls,
  ...textCalls,
} as const;

export const events = {
  'tags.changed': z.object({ subscriptionId: SubscriptionId, changes: z.array(TagChangeSchema) }),
  'devices.status': DeviceInfoSchema,
  ...alarmEvents,
  ...reportEvents,
  ...configEvents,
  ...userEvents,
  ...mesEvents,
  ...screenEvents,
  ...storeEvents,
  ...textEvents,
} as const;

export type CallName = keyof typeof calls;
export type EventName = keyof typeof events;
export type CallParams<C extends CallName> = z.input<(typeof calls)[C]['params']>;
export type ParsedCallParams<C extends CallName> = z.output<(typeof calls)[C]['params']>;
export type CallResult<C extends CallName> = z.infer<(typeof calls)[C]['result']>;
export type EventData<E extends EventName> = z.infer<(typeof events)[E]>;

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isCallName(name: string): name is CallName {
  return Object.hasOwn(calls, name);
}

import { z } from 'zod';
import { ValueSchema } from './data-value.ts';
import { QualitySchema } from './quality.ts';
import { TagPathSchema, TAG_PATH_PATTERN } from './tag.ts';

/**
 * Alarms (ISA-18.2): definitions as engineers write them in alarms/*.json, the live state the
 * runtime reports, the journal, the KPIs, and the contract calls and events. The runtime's engine
 * and the renderer's alarm views are both typed from here.
 */

export const ALARM_PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export const AlarmPrioritySchema = z.enum(ALARM_PRIORITIES);
export type AlarmPriority = z.infer<typeof AlarmPrioritySchema>;

/** An alarm id looks like a tag path (`Line1/Tank101/Level/HiHi`). */
export const AlarmIdSchema = z.string().max(200).regex(TAG_PATH_PATTERN, 'an alarm id is segments of letters, digits, _ and - separated by / (e.g. Line1/Tank101/Level/HiHi)');

const Limit = z.number().refine(Number.isFinite, 'must be a finite number');

export const AlarmConditionSchema = z.discriminatedUnion('type', [
  /** hihi/hi: active above the limit; lo/lolo: active below it. */
  z.strictObject({ type: z.enum(['hihi', 'hi', 'lo', 'lolo']), limit: Limit }),
  /** Discrete: active while the tag equals this state (e.g. 5 = Faulted). */
  z.strictObject({ type: z.literal('equals'), value: z.union([z.number(), z.boolean(), z.string()]) }),
  /** Active while |value − setpoint| exceeds the limit. */
  z.strictObject({ type: z.literal('deviation'), setpointTag: TagPathSchema, limit: Limit.refine((n) => n > 0, 'must be positive') }),
  /** Active while the value changes faster than `limit` engineering units per second (either way). */
  z.strictObject({ type: z.literal('rate'), limit: Limit.refine((n) => n > 0, 'must be positive') }),
  /** Active while the tag's quality is bad (communication lost, sensor failure...). */
  z.strictObject({ type: z.literal('badQuality') }),
]);
export type AlarmCondition = z.infer<typeof AlarmConditionSchema>;
export type AlarmConditionType = AlarmCondition['type'];

/** The rationalisation record, shown to operators as help. */
export const AlarmHelpSchema = z.strictObject({
  cause: z.string().max(2000).default(''),
  consequence: z.string().max(2000).default(''),
  action: z.string().max(2000).default(''),
});

export const AlarmDefinitionSchema = z.strictObject({
  id: AlarmIdSchema,
  /** The tag the condition watches. */
  tag: TagPathSchema,
  condition: AlarmConditionSchema,
  priority: AlarmPrioritySchema,
  /** `{value}`, `{units}`, `{limit}`, `{setpoint}`, `{tag}` and `{id}` are filled in when the alarm is raised. */
  message: z.string().min(1).max(500),
  area: z.string().max(100).default(''),
  /** Alarms of one group share a first-out indication (the first raised while the group was quiet). */
  group: z.string().max(100).optional(),
  /** Hysteresis for analog conditions, in engineering units (per second for rate). */
  deadband: z.number().min(0).default(0),
  /** The condition must hold this long before the alarm is raised. */
  onDelayMs: z.number().int().min(0).max(3_600_000).default(0),
  /** The condition must be gone this long before the alarm returns to normal. */
  offDelayMs: z.number().int().min(0).max(3_600_000).default(0),
  /** A latched alarm stays after the condition is gone until an operator acknowledges (resets) it. */
  latched: z.boolean().default(false),
  /** Suppressed by design while this tag equals this value (e.g. `Line1/RunCommand` equals false: line stopped). */
  suppressWhen: z.strictObject({ tag: TagPathSchema, equals: z.union([z.number(), z.boolean(), z.string()]) }).optional(),
  help: AlarmHelpSchema.optional(),
  enabled: z.boolean().default(true),
});
export type AlarmDefinitionInput = z.input<typeof AlarmDefinitionSchema>;
export type AlarmDefinition = z.infer<typeof AlarmDefinitionSchema>;

/** One alarms/*.json file. */
export const AlarmFileSchema = z.strictObject({ alarms: z.array(AlarmDefinitionSchema) });
/** `tank` for alarms/tank.json. */
export const AlarmFileNameSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'a file name is letters, digits, _ and - (no extension)');

/** The ISA-18.2 states, as reported to clients. */
export const ALARM_STATES = ['normal', 'unackActive', 'ackActive', 'rtnUnack', 'latched', 'shelved', 'suppressed', 'outOfService'] as const;
export const AlarmStateNameSchema = z.enum(ALARM_STATES);
export type AlarmStateName = z.infer<typeof AlarmStateNameSchema>;

/** What the journal records: every transition and operator action. */
export const ALARM_EVENT_KINDS = ['raise', 'clear', 'acknowledge', 'shelve', 'unshelve', 'suppress', 'unsuppress', 'outOfService', 'returnToService', 'comment'] as const;
export const AlarmEventKindSchema = z.enum(ALARM_EVENT_KINDS);
export type AlarmEventKind = z.infer<typeof AlarmEventKindSchema>;

/** One alarm as an alarm list shows it. */
export const AlarmInfoSchema = z.object({
  id: z.string(),
  tag: z.string(),
  area: z.string(),
  group: z.string().optional(),
  priority: AlarmPrioritySchema,
  conditionType: z.enum(['hihi', 'hi', 'lo', 'lolo', 'equals', 'deviation', 'rate', 'badQuality']),
  state: AlarmStateNameSchema,
  /** Whether the process condition is present (after delays), also while shelved, suppressed or out of service. */
  active: z.boolean(),
  acknowledged: z.boolean(),
  /** The message with the values at the time it was raised (or the current value while normal). */
  message: z.string(),
  /** What `{value}`, `{units}`, `{limit}`… stood for in `message`: the renderer fills a translation of the message with them. */
  messageValues: z.record(z.string(), z.string()).optional(),
  value: ValueSchema,
  quality: QualitySchema,
  units: z.string(),
  /** Epoch ms of the last raise / return to normal / acknowledgement / state change. */
  raisedAt: z.number().optional(),
  clearedAt: z.number().optional(),
  acknowledgedAt: z.number().optional(),
  acknowledgedBy: z.string().optional(),
  since: z.number(),
  shelvedUntil: z.number().optional(),
  shelvedBy: z.string().optional(),
  reason: z.string().optional(),
  /** The first alarm raised in its group while the group was quiet. */
  firstOut: z.boolean(),
  /** Raised at least `chatterCount` times within the chatter window. */
  chattering: z.boolean(),
  latched: z.boolean(),
  help: z.object({ cause: z.string(), consequence: z.string(), action: z.string() }).optional(),
  lastComment: z.string().optional(),
});
export type AlarmInfo = z.infer<typeof AlarmInfoSchema>;

const PriorityCounts = z.object({ critical: z.number(), high: z.number(), medium: z.number(), low: z.number() });
/** For the banner: annunciated alarms by priority, unacknowledged ones by priority, and the hidden ones. */
export const AlarmSummarySchema = z.object({
  active: PriorityCounts,
  unacknowledged: PriorityCounts,
  totalActive: z.number(),
  totalUnacknowledged: z.number(),
  shelved: z.number(),
  suppressed: z.number(),
  outOfService: z.number(),
  /** The highest priority among unacknowledged alarms, for the audible annunciation; absent when all are acknowledged. */
  highestUnacknowledged: AlarmPrioritySchema.optional(),
});
export type AlarmSummary = z.infer<typeof AlarmSummarySchema>;

/** Which alarms a list, subscription or bulk acknowledge is about. Without `states`, all but normal ones. */
export const AlarmFilterSchema = z.strictObject({
  areas: z.array(z.string().max(100)).max(100).optional(),
  priorities: z.array(AlarmPrioritySchema).optional(),
  states: z.array(AlarmStateNameSchema).optional(),
  /** Case-insensitive, in id, tag, message and area. */
  text: z.string().max(200).optional(),
});
export type AlarmFilter = z.infer<typeof AlarmFilterSchema>;

export const AlarmJournalEntrySchema = z.object({
  seq: z.number(),
  at: z.number(),
  alarmId: z.string(),
  tag: z.string(),
  area: z.string(),
  priority: AlarmPrioritySchema,
  kind: AlarmEventKindSchema,
  /** The state after the transition. */
  state: AlarmStateNameSchema,
  value: ValueSchema,
  user: z.string(),
  comment: z.string(),
  /** The message as raised, in the project's default language. */
  message: z.string(),
  /** What its placeholders stood for (as AlarmInfo.messageValues), to show a translation; absent in entries journaled before it was kept. */
  messageValues: z.record(z.string(), z.string()).optional(),
});
export type AlarmJournalEntry = z.infer<typeof AlarmJournalEntrySchema>;

export const AlarmHistoryQuerySchema = z.strictObject({
  from: z.number().optional(),
  to: z.number().optional(),
  alarmId: z.string().max(200).optional(),
  tag: z.string().max(200).optional(),
  area: z.string().max(100).optional(),
  user: z.string().max(100).optional(),
  kinds: z.array(AlarmEventKindSchema).optional(),
  /** Case-insensitive, in message, comment and alarm id. */
  text: z.string().max(200).optional(),
  /** Newest first; page with `offset`. */
  limit: z.number().int().min(1).max(1000).default(100),
  offset: z.number().int().min(0).default(0),
});
export type AlarmHistoryQuery = z.infer<typeof AlarmHistoryQuerySchema>;
export const AlarmHistoryPageSchema = z.object({ entries: z.array(AlarmJournalEntrySchema), total: z.number(), nextOffset: z.number().optional() });
export type AlarmHistoryPage = z.infer<typeof AlarmHistoryPageSchema>;

export const AlarmKpisSchema = z.object({
  from: z.number(),
  to: z.number(),
  operatorPositions: z.number(),
  /** Alarms raised (annunciated) in the period. */
  totalAlarms: z.number(),
  /** Averages per operator position (EEMUA 191: ≤ 1 per 10 minutes is "very likely acceptable"). */
  averagePer10Min: z.number(),
  averagePerHour: z.number(),
  peakPer10Min: z.number(),
  /** Share (0..1) of 10-minute periods with more than 10 alarms per operator position. */
  floodShare: z.number(),
  floodPeriods: z.number(),
  periods: z.number(),
  mostFrequent: z.array(z.object({ alarmId: z.string(), count: z.number(), share: z.number() })),
  /** Alarms raised at least 3 times within 60 s at some point in the period. */
  chattering: z.array(z.object({ alarmId: z.string(), count: z.number() })),
  /** Alarms active for more than 24 hours at the end of the period. */
  stale: z.array(z.object({ alarmId: z.string(), activeSince: z.number() })),
  priorityDistribution: z.object({ critical: z.number(), high: z.number(), medium: z.number(), low: z.number() }),
  shelveActions: z.number(),
  suppressions: z.number(),
  outOfServiceActions: z.number(),
  acknowledgements: z.number(),
  /** Now (only when the period reaches the present). */
  current: z.object({ shelved: z.number(), suppressed: z.number(), outOfService: z.number() }).optional(),
});
export type AlarmKpis = z.infer<typeof AlarmKpisSchema>;

export const AlarmKpiQuerySchema = z
  .strictObject({
    from: z.coerce.number().int().nonnegative(),
    to: z.coerce.number().int().nonnegative(),
    operatorPositions: z.coerce.number().int().min(1).max(100).default(1),
  })
  .refine((q) => q.from < q.to, { message: 'from must be before to', path: ['to'] });

const SubscriptionId = z.number().int().nonnegative();
const Comment = z.string().max(1000);
const WEEK_MS = 7 * 24 * 3_600_000;

export const AlarmDefinitionEntrySchema = z.object({ file: z.string(), definition: AlarmDefinitionSchema });

export const alarmCalls = {
  /** Alarms matching the filter (default: every alarm not in normal), with the banner summary. */
  'alarms.list': {
    params: z.strictObject({ filter: AlarmFilterSchema.optional() }),
    result: z.object({ alarms: z.array(AlarmInfoSchema), summary: AlarmSummarySchema }),
  },
  /** Like alarms.list, then `alarms.changed` events carry only the alarms that changed. */
  'alarms.subscribe': {
    params: z.strictObject({ filter: AlarmFilterSchema.optional() }),
    result: z.object({ subscriptionId: SubscriptionId, alarms: z.array(AlarmInfoSchema), summary: AlarmSummarySchema }),
  },
  'alarms.unsubscribe': { params: z.strictObject({ subscriptionId: SubscriptionId }), result: z.object({ subscriptionId: SubscriptionId }) },
  /**
   * By ids, or every alarm the filter shows ("acknowledge all visible"). Needs permission alarms.acknowledge.
   * Alarms with nothing to acknowledge are skipped; `acknowledged` lists those that were.
   */
  'alarms.acknowledge': {
    params: z
      .strictObject({ ids: z.array(AlarmIdSchema).min(1).max(10_000).optional(), filter: AlarmFilterSchema.optional(), comment: Comment.default('') })
      .refine((p) => (p.ids === undefined) !== (p.filter === undefined), { message: 'give ids or filter, not both or neither', path: ['ids'] }),
    result: z.object({ acknowledged: z.array(z.string()) }),
  },
  'alarms.shelve': {
    params: z.strictObject({ id: AlarmIdSchema, durationMs: z.number().int().min(1000).max(WEEK_MS), reason: z.string().trim().min(1).max(1000) }),
    result: AlarmInfoSchema,
  },
  'alarms.unshelve': { params: z.strictObject({ id: AlarmIdSchema, comment: Comment.default('') }), result: AlarmInfoSchema },
  /** Needs permission alarms.outOfService. */
  'alarms.setOutOfService': {
    params: z.strictObject({ id: AlarmIdSchema, outOfService: z.boolean(), reason: Comment.default('') }),
    result: AlarmInfoSchema,
  },
  'alarms.comment': { params: z.strictObject({ id: AlarmIdSchema, comment: z.string().trim().min(1).max(1000) }), result: AlarmInfoSchema },
  'alarms.history': { params: AlarmHistoryQuerySchema, result: AlarmHistoryPageSchema },
  'alarms.kpis': { params: AlarmKpiQuerySchema, result: AlarmKpisSchema },
  'alarms.definitions.list': { params: z.strictObject({}), result: z.array(AlarmDefinitionEntrySchema) },
  /** Validates, writes alarms/<file>.json atomically and applies it live. Needs permission alarms.editDefinitions. */
  'alarms.definitions.save': {
    params: z.strictObject({ definition: AlarmDefinitionSchema, file: AlarmFileNameSchema.optional() }),
    result: AlarmDefinitionEntrySchema,
  },
  'alarms.definitions.delete': { params: z.strictObject({ id: AlarmIdSchema }), result: z.object({ id: z.string(), file: z.string() }) },
} as const;

export const alarmEvents = {
  /** Only the alarms that changed; `removed` are ids that no longer match the subscription's filter. */
  'alarms.changed': z.object({
    subscriptionId: SubscriptionId,
    changed: z.array(AlarmInfoSchema),
    removed: z.array(z.string()),
    summary: AlarmSummarySchema,
  }),
} as const;

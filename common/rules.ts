import { z } from 'zod';
import { ROLE_NAMES } from './permissions.ts';
import { QualitySchema } from './quality.ts';
import { TagPathSchema } from './tag.ts';

/**
 * Event rules (rules.json): when a condition (an expression over tags) becomes true — or false, or
 * changes — and stays so for the on-delay, the actions run in order as the rule's role: write a tag
 * (the same checks as a person's write: the role's permission, the signature policy, write limits;
 * audited under the rule's name), add an event to the logbook. Declarative: no scripts.
 */
export const RuleActionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('write'), tag: TagPathSchema, value: z.union([z.number(), z.boolean(), z.string().max(4096)]) }),
  z.strictObject({ kind: z.literal('logbook'), text: z.string().trim().min(1).max(2000), line: z.string().default('') }),
]);
export type RuleAction = z.infer<typeof RuleActionSchema>;

export const RULE_EDGES = ['rising', 'falling', 'change'] as const;

export const RuleDefinitionSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'a rule id is letters, digits, _ and -')
    .max(80),
  description: z.string().max(400).default(''),
  /** The condition: an expression that is true or false (`{Line1/Tank/Level} > 95`). */
  when: z.string().min(1).max(2000),
  /** rising: becomes true; falling: becomes false; change: either. */
  edge: z.enum(RULE_EDGES).default('rising'),
  /** The new state must hold this long before the actions run (0: at once). */
  onDelayMs: z.number().int().min(0).max(86_400_000).default(0),
  /** Whose permissions the rule's writes have (the role's, as the administrator set them). */
  runAs: z.enum(ROLE_NAMES),
  /** At start; engineers switch rules on and off at run time (kept across restarts). */
  enabled: z.boolean().default(true),
  actions: z.array(RuleActionSchema).min(1).max(20),
});
export type RuleDefinition = z.infer<typeof RuleDefinitionSchema>;

export const RulesFileSchema = z.strictObject({ rules: z.array(z.unknown()).default([]) });

export const RuleRunSchema = z.object({
  seq: z.number(),
  rule: z.string(),
  at: z.number(),
  result: z.enum(['ok', 'refused', 'failed']),
  detail: z.string(),
});
export type RuleRunInfo = z.infer<typeof RuleRunSchema>;

export const RuleStatusSchema = z.object({
  id: z.string(),
  description: z.string(),
  when: z.string(),
  edge: z.enum(RULE_EDGES),
  onDelayMs: z.number(),
  runAs: z.string(),
  enabled: z.boolean(),
  /** Who switched it on or off last, and when (null: as the project says). */
  changedBy: z.string().nullable(),
  changedAt: z.number().nullable(),
  /** The condition now: true, false, or null when it cannot be computed (bad inputs, an error). */
  condition: z.boolean().nullable(),
  quality: QualitySchema,
  /** Why the condition cannot be computed, when it cannot. */
  error: z.string().nullable(),
  /** When the actions will run if the condition holds (an on-delay under way), else null. */
  pendingUntil: z.number().nullable(),
  actions: z.array(RuleActionSchema),
  lastRun: RuleRunSchema.nullable(),
});
export type RuleStatus = z.infer<typeof RuleStatusSchema>;

export const ruleCalls = {
  'rules.list': { params: z.strictObject({}), result: z.array(RuleStatusSchema) },
  'rules.setEnabled': { params: z.strictObject({ id: z.string().min(1).max(80), enabled: z.boolean() }), result: RuleStatusSchema },
  /** Adds a rule or replaces the one with its id: checked as the loader checks rules.json, written to it, applied at once, audited. */
  'rules.save': { params: z.strictObject({ rule: z.record(z.string(), z.unknown()) }), result: RuleStatusSchema },
  'rules.remove': { params: z.strictObject({ id: z.string().min(1).max(80) }), result: z.strictObject({}) },
  'rules.runs': { params: z.strictObject({ id: z.string().min(1).max(80), limit: z.number().int().min(1).max(200).default(50) }), result: z.array(RuleRunSchema) },
} as const;

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fail, ok, type Result } from '../../../common/result.ts';
import { checkId } from '../../../drivers/sparkplug/topic.ts';

/** The project file that makes a station a Sparkplug B edge node. */
export const SPARKPLUG_FILE = 'sparkplug.json';

const id = (what: string) =>
  z.string().superRefine((value, ctx) => {
    const checked = checkId(value, what);
    if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.error.message });
  });

/** A tag path, or a folder: a prefix ending in `/`. */
const Selection = z.array(z.string().min(1)).default([]);

export const EdgeConfigSchema = z.strictObject({
  brokerUrl: z.string().regex(/^(mqtts?|wss?):\/\/[^/]+/, 'must look like mqtt://host:1883 (or mqtts://, ws://, wss://)'),
  groupId: id('groupId'),
  edgeNodeId: id('edgeNodeId'),
  /** The Sparkplug device that carries the tags as its metrics. */
  deviceId: id('deviceId').default('Tags'),
  username: z.string().min(1).optional(),
  /** What is published: tag paths, and folders as prefixes ending in `/` (`Line1/`). */
  tags: Selection,
  /** Writes over DCMD: which tags accept them, and the role whose permissions they are checked with. */
  commands: z
    .strictObject({
      runAs: z.string().min(1),
      tags: Selection,
    })
    .optional(),
  /** DATA is sent at most this often, with every change since the last one (ms). */
  publishPeriodMs: z.number().int().min(0).max(60_000).default(100),
  keepaliveS: z.number().int().min(1).max(600).default(10),
  reconnectMs: z.number().int().min(100).max(60_000).default(1000),
});
export type EdgeConfig = z.infer<typeof EdgeConfigSchema>;

/** Whether a path is selected by a list of paths and folders (`Line1/` selects every tag under Line1). */
export function selects(selection: readonly string[], path: string): boolean {
  return selection.some((s) => (s.endsWith('/') ? path.startsWith(s) : path === s));
}

/**
 * Reads `sparkplug.json` when the project has one (undefined when not). Problems name the file and
 * the field; a selection that matches no tag is an error, as a typo would silently publish nothing.
 */
export function loadEdgeConfig(projectDir: string, tagPaths: readonly string[], roles: readonly string[]): Result<EdgeConfig | undefined> {
  const file = join(projectDir, SPARKPLUG_FILE);
  if (!existsSync(file)) return ok(undefined);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return fail('config-error', `${SPARKPLUG_FILE}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`, SPARKPLUG_FILE);
  }
  const parsed = EdgeConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${SPARKPLUG_FILE}: ${i.path.join('.') || '(file)'}: ${i.message}`);
    return fail('config-error', problems.join('\n'), SPARKPLUG_FILE);
  }
  const config = parsed.data;
  const problems: string[] = [];
  const matching = (selection: readonly string[], field: string): boolean[] =>
    selection.map((s, i) => {
      const any = tagPaths.some((p) => selects([s], p));
      if (!any) problems.push(`${SPARKPLUG_FILE}: ${field}[${i}]: ${s.endsWith('/') ? `no tag in the folder ${s}` : `no tag ${s}`}`);
      return any;
    });
  matching(config.tags, 'tags');
  if (config.commands) {
    const found = matching(config.commands.tags, 'commands.tags');
    if (!roles.includes(config.commands.runAs)) problems.push(`${SPARKPLUG_FILE}: commands.runAs: no role ${config.commands.runAs} (roles: ${roles.join(', ')})`);
    config.commands.tags.forEach((s, i) => {
      if (found[i] && !tagPaths.some((p) => selects([s], p) && selects(config.tags, p))) problems.push(`${SPARKPLUG_FILE}: commands.tags[${i}]: ${s} is not published (not in tags), so no host can command it`);
    });
  }
  if (problems.length > 0) return fail('config-error', problems.join('\n'), SPARKPLUG_FILE);
  return ok(config);
}

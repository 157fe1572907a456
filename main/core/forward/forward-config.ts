import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { isNumericType, tagKind, TagRefSchema, type TagDefinition } from '../../../common/tag.ts';
import { problem, schemaProblems, type ProjectProblem } from '../project/project-problems.ts';

export const FORWARD_FILE = 'forward.json';

/**
 * forward.json: this station forwards the history it records to the central PostgreSQL historian
 * (docs/deploy-site.md). The password is not in the project: PostgreSQL's own ways give it (PGPASSWORD
 * in the service's environment, or the service user's ~/.pgpass).
 */
export const ForwardFileSchema = z.strictObject({
  /** This station's name in the central database: unique per station, kept for the station's life. */
  station: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'a station name is letters, digits, _, . and - (up to 64)'),
  central: z.strictObject({
    host: z.string().min(1).max(255),
    port: z.number().int().min(1).max(65535).default(5432),
    database: z.string().min(1).max(63).default('lineside'),
    user: z.string().min(1).max(63).default('lineside'),
    /** TLS to PostgreSQL (verify-full against the system's CAs). Default on; off only on a trusted loopback or VPN. */
    tls: z.boolean().default(true),
  }),
  /** The backlog on disk is bounded; past it the oldest waiting batches are given up. Default 2048 MB. */
  maxBacklogMB: z.number().min(1).max(1_048_576).default(2048),
  /** The share of the bound at which backlogTag reaches the alarm's limit you set; for the status flag. Default 0.8. */
  alarmAt: z.number().gt(0).lt(1).default(0.8),
  /** A numeric memory tag that shows the backlog's fill in percent, so an ordinary limit alarm on it warns before the queue is full. */
  backlogTag: TagRefSchema.optional(),
});
export type ForwardFile = z.infer<typeof ForwardFileSchema>;

/** forward.json when the project has one, checked against the tags; problems name the file and field. */
export async function loadForwardFile(dir: string, tags: readonly TagDefinition[]): Promise<{ value?: ForwardFile; problems: ProjectProblem[] }> {
  let text: string;
  try {
    text = await readFile(join(dir, FORWARD_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { problems: [] };
    return { problems: [problem(FORWARD_FILE, `cannot read: ${(error as Error).message}`)] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problems: [problem(FORWARD_FILE, `not valid JSON: ${(error as Error).message}`)] };
  }
  const parsed = schemaProblems(ForwardFileSchema, json, FORWARD_FILE);
  if (!parsed.value) return { problems: parsed.problems };
  const path = parsed.value.backlogTag;
  if (path !== undefined) {
    const tag = tags.find((t) => t.path === path);
    if (!tag) return { problems: [problem(FORWARD_FILE, `no tag ${path}: the backlog tag must be a numeric memory tag of the project`, 'backlogTag')] };
    if (tagKind(tag) !== 'memory' || !isNumericType(tag.dataType)) {
      return { problems: [problem(FORWARD_FILE, `${path} is not a numeric memory tag: the backlog tag must be one ("memory": { "initial": 0 }, a number type)`, 'backlogTag')] };
    }
  }
  return { value: parsed.value, problems: [] };
}

import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { fail, ok, type Result } from '../../../common/result.ts';
import { MAX_TREND_VIEWS, TrendViewSchema, type TrendView, type TrendViewInput, TrendViewInputSchema } from '../../../common/trend-views.ts';

const FileSchema = z.object({ version: z.literal(1), views: z.array(TrendViewSchema) });

/**
 * Saved trend views of the runtime, in one small JSON file in the data folder. Reads once at start;
 * every change rewrites the file (write to a temporary file, then rename, so a crash never leaves half
 * a file). A missing or unreadable file starts empty; an unreadable one is kept aside, not overwritten
 * silently: its content is moved to `<file>.broken`.
 */
export class TrendViewStore {
  readonly #file: string;
  readonly #views = new Map<string, TrendView>();

  constructor(file: string) {
    this.#file = file;
    let text: string | undefined;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return;
    }
    const parsed = FileSchema.safeParse(safeJson(text));
    if (parsed.success) for (const view of parsed.data.views) this.#views.set(view.name, view);
    else writeFileSync(`${file}.broken`, text);
  }

  list(): TrendView[] {
    return [...this.#views.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  save(input: TrendViewInput, savedBy: string, now: number): Result<TrendView> {
    const parsed = TrendViewInputSchema.safeParse(input);
    if (!parsed.success) return fail('bad-request', parsed.error.issues[0]?.message ?? 'invalid view');
    if (!this.#views.has(parsed.data.name) && this.#views.size >= MAX_TREND_VIEWS) return fail('bad-request', `at most ${MAX_TREND_VIEWS} saved views`);
    const view: TrendView = { ...parsed.data, savedAt: now, savedBy };
    this.#views.set(view.name, view);
    const written = this.#write();
    return written.ok ? ok(view) : written;
  }

  delete(name: string): Result<{ name: string }> {
    if (!this.#views.delete(name)) return fail('not-found', `no saved trend view "${name}"`, 'name');
    const written = this.#write();
    return written.ok ? ok({ name }) : written;
  }

  #write(): Result<void> {
    try {
      const temporary = `${this.#file}.tmp`;
      writeFileSync(temporary, `${JSON.stringify({ version: 1, views: this.list() }, null, 2)}\n`);
      renameSync(temporary, this.#file);
      return ok(undefined);
    } catch (error) {
      return fail('internal', `cannot write the saved trend views: ${(error as Error).message}`);
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

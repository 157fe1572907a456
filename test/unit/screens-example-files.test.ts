import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oeeTagDefinitions } from '../../main/core/oee/oee-tags.ts';
import { ScreenStore } from '../../main/core/screens/screen-store.ts';
import { ShiftsFileSchema } from '../../main/core/shifts/production-schema.ts';
import { BOTTLING_SCREENS, BOTTLING_TEMPLATES } from '../../screens/examples/index.ts';
import type { ScreenElement } from '../../screens/screen-schema.ts';

const PROJECT = join(import.meta.dirname, '../../examples/bottling-line');
const SHIFTS = ShiftsFileSchema.parse(JSON.parse(readFileSync(join(PROJECT, 'shifts.json'), 'utf8')));
/** The project's tags and the live OEE tags the runtime adds (main/runtime.ts hands the store both). */
const TAGS = [
  ...readdirSync(join(PROJECT, 'tags'))
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => (JSON.parse(readFileSync(join(PROJECT, 'tags', f), 'utf8')) as { tags: { path: string }[] }).tags.map((t) => t.path)),
  ...oeeTagDefinitions(SHIFTS.lines).map((t) => t.path),
];

const FILES = [...BOTTLING_SCREENS.map((doc) => ({ file: `screens/${doc.id}.json`, doc })), ...BOTTLING_TEMPLATES.map((doc) => ({ file: `templates/${doc.id}.json`, doc }))];

// `UPDATE_EXAMPLE_SCREENS=1 npm exec -- vitest run test/unit/screens-example-files.test.ts` rewrites the files.
if (process.env['UPDATE_EXAMPLE_SCREENS'] === '1') {
  for (const folder of ['screens', 'templates']) mkdirSync(join(PROJECT, folder), { recursive: true });
  for (const { file, doc } of FILES) writeFileSync(join(PROJECT, file), `${JSON.stringify(doc, null, 2)}\n`);
}

describe('the example project stores its screens as files', () => {
  it('has exactly the example documents as JSON, written from screens/examples', () => {
    for (const { file, doc } of FILES) expect(readFileSync(join(PROJECT, file), 'utf8'), file).toBe(`${JSON.stringify(doc, null, 2)}\n`);
    const onDisk = ['screens', 'templates'].flatMap((folder) => readdirSync(join(PROJECT, folder)).map((n) => `${folder}/${n}`)).sort();
    expect(onDisk).toEqual(FILES.map((f) => f.file).sort());
  });

  it('loads them in the runtime store with no warnings: every tag, template and screen they name exists', async () => {
    const store = await ScreenStore.open(PROJECT, TAGS);
    if (!store.ok) throw new Error(store.error.message);
    expect(store.value.list('screen').map((s) => [s.id, s.level, s.parent])).toEqual([
      ['filler', 'unit', 'line1'],
      ['line1', 'area', 'overview'],
      ['overview', 'overview', undefined],
    ]);
    for (const kind of ['screen', 'template'] as const) {
      for (const { id } of store.value.list(kind)) {
        const got = store.value.get(kind, id);
        expect(got.ok && got.value.warnings, `${kind} ${id}`).toEqual([]);
      }
    }
  });

  it('puts every screen at most two clicks from the overview', async () => {
    const store = await ScreenStore.open(PROJECT, TAGS);
    if (!store.ok) throw new Error(store.error.message);
    const screens = new Map(store.value.documents('screen').map((s) => [s.id, s]));
    const templates = new Map(store.value.documents('template').map((t) => [t.id, t]));
    const links = (elements: readonly ScreenElement[]): string[] =>
      elements.flatMap((e) => [...e.actions.flatMap((a) => (a.type === 'navigate' ? [a.screen] : [])), ...(e.kind === 'group' ? links(e.children) : []), ...(e.kind === 'template' ? links(templates.get(e.template)?.elements ?? []) : [])]);
    const clicks = new Map([['overview', 0]]);
    for (let depth = 0; depth < 2; depth++) {
      for (const [id, d] of [...clicks]) if (d === depth) for (const to of links(screens.get(id)!.elements)) if (!clicks.has(to)) clicks.set(to, depth + 1);
    }
    for (const id of screens.keys()) expect(clicks.get(id), id).toBeLessThanOrEqual(2);
  });
});

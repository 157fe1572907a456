import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oeeTagDefinitions } from '../../main/core/oee/oee-tags.ts';
import { ShiftsFileSchema } from '../../main/core/shifts/production-schema.ts';
import type { ExpressionContext } from '../../screens/expression/evaluate.ts';
import { compileBinding } from '../../screens/expression/compile.ts';
import { bottlingOverview } from '../../screens/examples/bottling-overview.ts';
import { BOTTLING_SCREENS, BOTTLING_TEMPLATES } from '../../screens/examples/index.ts';
import { loadScreenDocument } from '../../screens/screen-document.ts';
import type { ScreenElement, Template } from '../../screens/screen-schema.ts';
import { expandTemplates } from '../../screens/template-expansion.ts';

const TAG_DIR = join(import.meta.dirname, '../../examples/bottling-line/tags');
const SHIFTS = ShiftsFileSchema.parse(JSON.parse(readFileSync(join(TAG_DIR, '../shifts.json'), 'utf8')));
/** The project's tags and the live OEE tags the runtime adds for each line of shifts.json (as main/runtime.ts does). */
const EXAMPLE_TAGS = new Set([
  ...readdirSync(TAG_DIR)
    .filter((f) => f.endsWith('.json'))
    .flatMap((f) => (JSON.parse(readFileSync(join(TAG_DIR, f), 'utf8')) as { tags: { path: string }[] }).tags.map((t) => t.path)),
  ...oeeTagDefinitions(SHIFTS.lines).map((t) => t.path),
]);

function loadTemplates(): Map<string, Template> {
  const templates = new Map<string, Template>();
  for (const input of BOTTLING_TEMPLATES) {
    const result = loadScreenDocument(JSON.parse(JSON.stringify(input)));
    if (!result.ok) throw new Error(`${input.id}: ${result.error.message}`);
    if (result.value.kind !== 'template') throw new Error('not a template');
    templates.set(result.value.id, result.value);
  }
  return templates;
}

/** Every tag an element tree reads or writes: bindings, tag props (sparkline, setpoint, switch) and write actions. */
function tagsUsed(elements: readonly ScreenElement[]): { tags: Set<string>; areas: Set<string> } {
  const tags = new Set<string>();
  const areas = new Set<string>();
  const visit = (e: ScreenElement): void => {
    for (const [name, text] of Object.entries(e.bindings)) {
      const compiled = compileBinding(`${e.id}.bindings.${name}`, text);
      if (!compiled.ok) throw new Error(compiled.error.message);
      compiled.value.tags.forEach((t) => tags.add(t));
    }
    for (const a of e.actions) if (a.type === 'write') tags.add(a.tag);
    if (e.kind === 'group') e.children.forEach(visit);
    if (e.kind === 'symbol') {
      if (typeof e.props['tag'] === 'string') tags.add(e.props['tag']);
      if (typeof e.props['area'] === 'string') areas.add(e.props['area']);
    }
  };
  elements.forEach(visit);
  return { tags, areas };
}

describe('example: bottling line overview', () => {
  const templates = loadTemplates();

  it('is a valid screen document (through JSON, as it is stored), its template references included', () => {
    const result = loadScreenDocument(JSON.parse(JSON.stringify(bottlingOverview)), { templates });
    expect(result.ok ? 'ok' : result.error.message).toBe('ok');
    expect(result.ok && result.value).toMatchObject({ kind: 'screen', level: 'overview' });
  });

  it('binds only to tags of the example project, after template expansion (overview, line and filler together)', () => {
    const tags = new Set<string>();
    const areas = new Set<string>();
    for (const screen of BOTTLING_SCREENS) {
      const loaded = loadScreenDocument(JSON.parse(JSON.stringify(screen)), { templates });
      if (!loaded.ok) throw new Error(`${screen.id}: ${loaded.error.message}`);
      const expanded = expandTemplates(loaded.value.elements, templates);
      if (!expanded.ok) throw new Error(expanded.error.message);
      const used = tagsUsed(expanded.value);
      used.tags.forEach((t) => tags.add(t));
      used.areas.forEach((a) => areas.add(a));
    }
    expect(tags.size).toBeGreaterThan(20);
    expect([...tags].filter((t) => !EXAMPLE_TAGS.has(t))).toEqual([]);
    for (const area of areas)
      expect(
        [...EXAMPLE_TAGS].some((t) => t.startsWith(`${area}/`)),
        area,
      ).toBe(true);
    for (const t of ['Line1/Tank101/Level', 'Line1/Filler/State', 'Line1/Conveyor/Speed', 'Line1/TransferPump2/Speed', 'Line1/Labeler/GlueTemperature', 'Line1/OEE/OEE', 'Line1/Filler/FillVolumeSetpoint']) {
      expect(tags.has(t), t).toBe(true);
    }
  });

  it('uses the faceplates with tags of the example project: the pump starts and stops on its command, the conveyor takes a speed setpoint', () => {
    const instance = (template: string, params: Record<string, string>) => {
      const expanded = expandTemplates([{ id: 'fp', kind: 'template', template, params, x: 0, y: 0, width: 240, height: 160, rotation: 0, locked: false, bindings: {}, actions: [] }], templates);
      if (!expanded.ok) throw new Error(expanded.error.message);
      return expanded.value;
    };
    const pump = instance('pump-faceplate', { pump: 'Line1/TransferPump1' });
    expect([...tagsUsed(pump).tags].sort()).toEqual(['Line1/TransferPump1/Command', 'Line1/TransferPump1/Running', 'Line1/TransferPump1/Speed']);
    const children = pump[0]!.kind === 'group' ? pump[0]!.children : [];
    expect(children.filter((e) => e.actions.length > 0).map((e) => [e.id, e.actions, e.bindings['feedback']])).toEqual([
      ['fp/start', [{ type: 'write', tag: 'Line1/TransferPump1/Command', value: true, confirm: true }], '{Line1/TransferPump1/Running}'],
      ['fp/stop', [{ type: 'write', tag: 'Line1/TransferPump1/Command', value: false, confirm: true }], '{Line1/TransferPump1/Running}'],
    ]);
    const conveyor = instance('conveyor-faceplate', { conveyor: 'Line1/Conveyor' });
    expect([...tagsUsed(conveyor).tags].filter((t) => !EXAMPLE_TAGS.has(t))).toEqual([]);
    expect([...tagsUsed(conveyor).tags]).toContain('Line1/Conveyor/SpeedSetpoint');
  });

  it('evaluates its bindings against live-looking values', () => {
    const loaded = loadScreenDocument(JSON.parse(JSON.stringify(bottlingOverview)), { templates });
    if (!loaded.ok) throw new Error(loaded.error.message);
    const rate = loaded.value.elements.find((e) => e.id === 'reject-rate');
    const compiled = compileBinding('text', rate?.bindings['text'] ?? '');
    if (!compiled.ok) throw new Error(compiled.error.message);
    const values: Record<string, number> = { 'Line1/Counters/Good': 995, 'Line1/Counters/Rejected': 5 };
    const context: ExpressionContext = { read: (path) => ({ value: values[path] ?? null, quality: path.endsWith('Rejected') ? 'UncertainLastUsableValue' : 'Good' }) };
    expect(compiled.value.evaluate(context)).toEqual({ ok: true, value: { value: 'Reject rate 0.50 %', quality: 'UncertainLastUsableValue', tags: ['Line1/Counters/Rejected', 'Line1/Counters/Good'] } });
  });
});

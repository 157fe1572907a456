import { describe, expect, it } from 'vitest';
import { BOTTLING_SCREENS, BOTTLING_TEMPLATES } from '../../screens/examples/index.ts';
import { loadScreenDocument } from '../../screens/screen-document.ts';
import type { Screen, ScreenDocumentInput, Template } from '../../screens/screen-schema.ts';
import { alarmMarks } from '../../renderer/screens/alarm-marks.ts';

function load<K extends 'screen' | 'template'>(input: ScreenDocumentInput, kind: K, templates?: ReadonlyMap<string, Template>): K extends 'screen' ? Screen : Template {
  const result = loadScreenDocument(input, templates ? { templates } : {});
  if (!result.ok || result.value.kind !== kind) throw new Error(result.ok ? `not a ${kind}` : result.error.message);
  return result.value as K extends 'screen' ? Screen : Template;
}

const TEMPLATES = new Map(BOTTLING_TEMPLATES.map((t) => [t.id, load(t, 'template')]));
const screen = (id: string) =>
  load(
    BOTTLING_SCREENS.find((s) => s.id === id)!,
    'screen',
    TEMPLATES,
  );

/** Every tag marked on the canvas, with how many elements mark it. */
function markCounts(marks: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const tags of marks.values()) for (const tag of tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  return counts;
}

describe('one alarm, one mark on a canvas', () => {
  it('marks each alarmed tag of the Filler screen once (the filler state was marked on the drive, the state text and by the area indicator)', () => {
    const filler = screen('filler');
    const marks = alarmMarks(filler.elements, TEMPLATES);
    for (const [tag, count] of markCounts(marks)) expect(count, tag).toBe(1);
    // The filler's own tags are under the screen's alarm indicator (area Line1/Filler): it is their one mark.
    expect([...marks.values()].flat().filter((tag) => tag.startsWith('Line1/Filler/'))).toEqual([]);
    // The tank's level is read by the tank only; the outlet valve by the pipe first, then the valve symbol.
    expect(marks.get('tank')).toEqual(['Line1/Tank101/Level']);
    expect(marks.get('feed')).toEqual(['Line1/Tank101/OutletValve']);
    expect(marks.get('xv102')).toBeUndefined();
  });

  it('marks a tag read by several parts of a template instance on the first part only', () => {
    const line = screen('line1');
    const marks = alarmMarks(line.elements, TEMPLATES);
    for (const [tag, count] of markCounts(marks)) expect(count, tag).toBe(1);
    const labelerState = [...marks].filter(([, tags]) => tags.includes('Line1/Labeler/State'));
    expect(labelerState).toHaveLength(1);
  });

  it('keeps one mark per element for tags read once, and leaves tags under an alarm indicator to it', () => {
    const doc = load(
      {
        formatVersion: 2,
        kind: 'screen',
        id: 's',
        name: 'S',
        level: 'unit',
        size: { width: 400, height: 300 },
        elements: [
          { id: 'a', kind: 'symbol', symbol: 'numeric-display', x: 0, y: 0, width: 50, height: 20, bindings: { value: '{Area1/A}' } },
          { id: 'b', kind: 'symbol', symbol: 'numeric-display', x: 0, y: 30, width: 50, height: 20, bindings: { value: '{Area1/A} + {Area2/B}' } },
          {
            id: 'g',
            kind: 'group',
            x: 0,
            y: 60,
            width: 100,
            height: 40,
            bindings: {},
            children: [{ id: 'c', kind: 'symbol', symbol: 'numeric-display', x: 0, y: 0, width: 50, height: 20, bindings: { value: '{Area2/B} * {Area3/C}' } }],
          },
          { id: 'ind', kind: 'symbol', symbol: 'alarm-indicator', x: 200, y: 0, width: 30, height: 30, props: { area: 'Area3' } },
        ],
      },
      'screen',
    );
    expect([...alarmMarks(doc.elements, new Map())]).toEqual([
      ['a', ['Area1/A']],
      ['b', ['Area2/B']],
    ]);
  });
});

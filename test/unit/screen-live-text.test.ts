import { describe, expect, it } from 'vitest';
import type { Bound } from '../../renderer/screens/element-binder.ts';
import { LIVE_TEXT, onlyValueChanged } from '../../renderer/screens/live-text.ts';

const bound = (over: Partial<Bound> = {}): Bound => ({
  values: { value: 1, visible: true },
  qualities: { value: 'Good', visible: 'Good' },
  quality: 'Good',
  errors: {},
  ...over,
});

describe('live text of readouts (written into the text node without a re-render)', () => {
  it('is used when only the readout value changed', () => {
    expect(onlyValueChanged(bound(), bound({ values: { value: 2, visible: true } }), 'value')).toBe(true);
  });

  it('is not used when anything that changes the drawing changed', () => {
    const base = bound();
    expect(onlyValueChanged(base, bound({ values: { value: 2, visible: false } }), 'value')).toBe(false);
    expect(onlyValueChanged(base, bound({ qualities: { value: 'UncertainLastUsableValue', visible: 'Good' } }), 'value')).toBe(false);
    expect(onlyValueChanged(base, bound({ quality: 'BadNoCommunication' }), 'value')).toBe(false);
    expect(onlyValueChanged(base, bound({ errors: { value: 'division by zero' } }), 'value')).toBe(false);
    expect(onlyValueChanged(base, bound({ values: { value: 2 } }), 'value')).toBe(false);
  });

  it('draws the numeric display text as its view does (decimals, no value, booleans)', () => {
    const live = LIVE_TEXT.get('numeric-display')!;
    expect(live.text({ value: 1234.567, decimals: 2 })).toBe('1,234.57');
    expect(live.text({ value: 3 })).toBe('3.0');
    expect(live.text({ value: null, decimals: 0 })).toBe('—');
    expect(live.text({ value: true })).toBe('On');
  });
});

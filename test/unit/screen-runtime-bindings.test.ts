import { describe, expect, it } from 'vitest';
import type { DataValue, Value } from '../../common/data-value.ts';
import type { Quality } from '../../common/quality.ts';
import type { TagInfo } from '../../common/tag.ts';
import { ElementBinder, type TagSource } from '../../renderer/screens/element-binder.ts';

/** A tag source that behaves like the TagStore: one state object per tag, replaced on change, listeners per path. */
class Tags implements TagSource {
  readonly states = new Map<string, { value: DataValue; info: TagInfo | undefined }>();
  readonly listeners = new Map<string, Set<() => void>>();

  set(path: string, value: Value, quality: Quality = 'Good', info?: Partial<TagInfo>): void {
    this.states.set(path, { value: { value, quality, sourceTime: 1, serverTime: 1 }, info: info as TagInfo | undefined });
    for (const l of this.listeners.get(path) ?? []) l();
  }

  get(path: string) {
    let state = this.states.get(path);
    if (!state) this.states.set(path, (state = { value: { value: null, quality: 'BadWaitingForInitialData', sourceTime: 0, serverTime: 0 }, info: undefined }));
    return state;
  }

  subscribe(path: string, listener: () => void) {
    let set = this.listeners.get(path);
    if (!set) this.listeners.set(path, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }
}

describe('binding evaluation per element', () => {
  it('evaluates every bound property with its own quality; the element quality is the worst but ignores visible', () => {
    const tags = new Tags();
    tags.set('Line1/Tank/Level', 92.5);
    tags.set('Line1/Tank/Temp', 4, 'UncertainLastUsableValue');
    tags.set('Line1/Tank/Shown', false, 'BadNotConnected');
    const binder = new ElementBinder({ level: '{Line1/Tank/Level}', alarm: '{Line1/Tank/Temp} > 3', visible: '{Line1/Tank/Shown}' });
    expect([...binder.tags].sort()).toEqual(['Line1/Tank/Level', 'Line1/Tank/Shown', 'Line1/Tank/Temp']);
    const bound = binder.snapshot(tags);
    expect(bound.values).toEqual({ level: 92.5, alarm: true, visible: false });
    expect(bound.qualities).toEqual({ level: 'Good', alarm: 'UncertainLastUsableValue', visible: 'BadNotConnected' });
    expect(bound.quality).toBe('UncertainLastUsableValue');
    expect(bound.errors).toEqual({});
  });

  it('hands back the same result while its own tags are unchanged, a new one when one of them changes', () => {
    const tags = new Tags();
    tags.set('A/Speed', 10);
    tags.set('B/Other', 1);
    const binder = new ElementBinder({ value: '{A/Speed} * 2' });
    const first = binder.snapshot(tags);
    tags.set('B/Other', 2);
    expect(binder.snapshot(tags)).toBe(first);
    tags.set('A/Speed', 11);
    const second = binder.snapshot(tags);
    expect(second).not.toBe(first);
    expect(second.values['value']).toBe(22);
  });

  it('subscribes to its own tags only, and lets go of them', () => {
    const tags = new Tags();
    const binder = new ElementBinder({ running: '{P1/Running} and not {P1/Fault}', label: "'P1'" });
    let calls = 0;
    const stop = binder.subscribe(tags, () => calls++);
    expect([...tags.listeners.keys()].sort()).toEqual(['P1/Fault', 'P1/Running']);
    tags.set('P1/Running', true);
    tags.set('P2/Running', true);
    expect(calls).toBe(1);
    stop();
    tags.set('P1/Running', false);
    expect(calls).toBe(1);
    expect([...tags.listeners.values()].every((s) => s.size === 0)).toBe(true);
  });

  it('reads an unknown or not yet received tag as null with BadWaitingForInitialData, never as a number', () => {
    const tags = new Tags();
    const bound = new ElementBinder({ value: '{Nowhere/Tag} + 1' }).snapshot(tags);
    expect(bound.values['value']).toBeNull();
    expect(bound.quality).toBe('BadWaitingForInitialData');
  });

  it('names the property of a binding that does not compile or fails, and still evaluates the others', () => {
    const tags = new Tags();
    tags.set('T/Text', 'abc');
    tags.set('T/Num', 3);
    const bound = new ElementBinder({ fill: '{T/Num} > )', value: '{T/Text} * 2', speed: '{T/Num}' }).snapshot(tags);
    expect(bound.values['speed']).toBe(3);
    expect(bound.values['fill']).toBeUndefined();
    expect(bound.values['value']).toBeUndefined();
    expect(bound.errors['fill']).toMatch(/^fill: /);
    expect(bound.errors['value']).toMatch(/^value: .*/);
    expect(bound.qualities['value']).toBe('BadConfigurationError');
    expect(bound.quality).toBe('BadConfigurationError');
  });

  it('uses tag info for .units and .decimals', () => {
    const tags = new Tags();
    tags.set('C/Speed', 231.64, 'Good', { units: 'bpm', decimals: 0 });
    const bound = new ElementBinder({ text: 'format({C/Speed}, {C/Speed}.decimals, {C/Speed}.units)' }).snapshot(tags);
    expect(bound.values['text']).toBe('232 bpm');
  });
});

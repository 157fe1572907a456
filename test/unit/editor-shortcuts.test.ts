import { describe, expect, it } from 'vitest';
import { shortcutCommand } from '../../renderer/editor/use-editor-shortcuts.ts';

const key = (k: string, mods: { ctrl?: boolean; shift?: boolean; meta?: boolean } = {}) => shortcutCommand({ key: k, ctrlKey: mods.ctrl ?? false, metaKey: mods.meta ?? false, shiftKey: mods.shift ?? false });

describe('editor keyboard shortcuts', () => {
  it('maps the documented keys to commands', () => {
    expect(key('z', { ctrl: true })).toEqual({ type: 'undo' });
    expect(key('Z', { ctrl: true, shift: true })).toEqual({ type: 'redo' });
    expect(key('y', { ctrl: true })).toEqual({ type: 'redo' });
    expect(key('z', { meta: true })).toEqual({ type: 'undo' });
    expect(key('c', { ctrl: true })).toEqual({ type: 'copy' });
    expect(key('v', { ctrl: true })).toEqual({ type: 'paste' });
    expect(key('d', { ctrl: true })).toEqual({ type: 'duplicate' });
    expect(key('g', { ctrl: true })).toEqual({ type: 'group' });
    expect(key('G', { ctrl: true, shift: true })).toEqual({ type: 'ungroup' });
    expect(key('s', { ctrl: true })).toBe('save');
    expect(key('Delete')).toEqual({ type: 'delete' });
    expect(key('Backspace')).toEqual({ type: 'delete' });
    expect(key('ArrowLeft')).toEqual({ type: 'nudge', direction: 'left', large: false });
    expect(key('ArrowDown', { shift: true })).toEqual({ type: 'nudge', direction: 'down', large: true });
    expect(key('Escape')).toEqual({ type: 'select', ids: [] });
  });

  it('leaves other keys alone', () => {
    expect(key('x', { ctrl: true })).toBeUndefined();
    expect(key('a')).toBeUndefined();
    expect(key('Enter')).toBeUndefined();
  });
});

import { useEffect } from 'react';
import type { EditorCommand } from './model/commands.ts';

/** The key → command table; tested in the browser (test/e2e/editor-*.test.ts). */
export function shortcutCommand(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): EditorCommand | 'save' | undefined {
  const mod = event.ctrlKey || event.metaKey;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (mod) {
    if (key === 'z') return event.shiftKey ? { type: 'redo' } : { type: 'undo' };
    if (key === 'y') return { type: 'redo' };
    if (key === 'c') return { type: 'copy' };
    if (key === 'v') return { type: 'paste' };
    if (key === 'd') return { type: 'duplicate' };
    if (key === 'a') return { type: 'selectAll' };
    if (key === 'g') return event.shiftKey ? { type: 'ungroup' } : { type: 'group' };
    if (key === 's') return 'save';
    return undefined;
  }
  if (key === 'Delete' || key === 'Backspace') return { type: 'delete' };
  if (key === 'Escape') return { type: 'select', ids: [] };
  const arrows: Record<string, 'left' | 'right' | 'up' | 'down'> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
  const direction = arrows[key];
  return direction ? { type: 'nudge', direction, large: event.shiftKey } : undefined;
}

const READ_ONLY_SAFE = new Set(['select', 'selectAll', 'copy']);

/**
 * Shortcuts while the editor is shown and focus is not in a field (there, keys edit text). Read-only
 * users keep selection and copy.
 */
export function useEditorShortcuts(active: boolean, editable: boolean, run: (command: EditorCommand) => void, save: () => void): void {
  useEffect(() => {
    if (!active) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.closest('input, textarea, select, [contenteditable="true"]') || target.closest('[role="dialog"], [role="alertdialog"]'))) return;
      const command = shortcutCommand(event);
      if (!command) return;
      event.preventDefault();
      if (command === 'save') {
        if (editable) save();
        return;
      }
      if (editable || READ_ONLY_SAFE.has(command.type)) run(command);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active, editable, run, save]);
}

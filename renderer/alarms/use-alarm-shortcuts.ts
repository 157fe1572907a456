import { useEffect } from 'react';
import { useServices } from '../app/services.tsx';

/** The keys the summary lists (`shortcut.<key>` of the 'alarms' catalogue); acknowledge-selected (F4) is the summary's own: it knows the selection. */
export const SHORTCUTS = ['F2', 'F4', 'F9', 'Backspace'] as const;

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT';
}

/** The control-room keys that work on every screen: F2 summary, F9 silence, Backspace back. */
export function useAlarmShortcuts(): void {
  const { annunciator } = useServices();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey) return;
      if (event.key === 'F2') {
        event.preventDefault();
        window.location.hash = '#/alarms';
      } else if (event.key === 'F9') {
        event.preventDefault();
        annunciator.silence();
      } else if (event.key === 'Backspace' && !typingIn(event.target)) {
        event.preventDefault();
        window.history.back();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [annunciator]);
}

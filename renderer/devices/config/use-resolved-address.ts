import { useEffect, useState } from 'react';
import { useServices } from '../../app/services.tsx';
import type { TagDraft } from './tag-draft.ts';

/** What the tag's address means on the wire, as its device's driver reads it, or why it does not. */
export type Resolved = { state: 'idle' } | { state: 'ok'; text: string } | { state: 'refused'; text: string; problem?: 'optionsNotJson' | 'optionsNotObject' };

/** Waits this long after the last keystroke before asking the runtime. */
const SETTLE_MS = 150;

/**
 * Resolves the draft's address with its options and data type through `devices.describeAddress` as the
 * engineer types (Modbus: `40001.3` → unit 1 · holding register 0 · bit 3 · write FC22), so a one-based
 * or zero-based slip shows before saving. The runtime's driver decides; nothing is parsed here.
 */
export function useResolvedAddress(draft: TagDraft): Resolved {
  const { client } = useServices();
  const [resolved, setResolved] = useState<Resolved>({ state: 'idle' });
  const { device, address, options: optionsText, dataType } = draft;
  useEffect(() => {
    const trimmed = address.trim();
    if (!device || !trimmed) {
      setResolved({ state: 'idle' });
      return;
    }
    let options: Record<string, unknown> | undefined;
    if (optionsText.trim() !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(optionsText);
      } catch {
        setResolved({ state: 'refused', text: optionsText, problem: 'optionsNotJson' });
        return;
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        setResolved({ state: 'refused', text: optionsText, problem: 'optionsNotObject' });
        return;
      }
      options = parsed as Record<string, unknown>;
    }
    let cancelled = false;
    const timer = setTimeout(() => {
      client.call('devices.describeAddress', options ? { device, address: trimmed, options, dataType } : { device, address: trimmed, dataType }).then(
        (answer) => {
          if (!cancelled) setResolved(answer.ok ? { state: 'ok', text: answer.text } : { state: 'refused', text: answer.text });
        },
        () => {
          // A device that is not in the running project yet (or a lost link): nothing to show.
          if (!cancelled) setResolved({ state: 'idle' });
        },
      );
    }, SETTLE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [client, device, address, optionsText, dataType]);
  return resolved;
}

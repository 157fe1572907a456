import { createContext, useContext } from 'react';
import type { ScreenAction, ScreenElement, Template } from '../../screens/screen-schema.ts';
import type { AlarmMarks } from './alarm-marks.ts';
import type { TagSource } from './element-binder.ts';

/** `run`: live values and operator actions. `design`: the editor; symbols draw their defaults, no live values. */
export type ScreenMode = 'run' | 'design';

/** Something an operator asked for by pressing an element: the popup host answers it (screen-runtime/). */
export type ElementRequest =
  | { kind: 'actions'; element: ScreenElement; actions: readonly ScreenAction[] }
  /** A control symbol wants to write: `value` is the new value, or undefined to ask (setpoint entry). */
  | { kind: 'write'; element: ScreenElement; tag: string; value: boolean | number | string | undefined; confirm: boolean; label: string };

/** What elements of one canvas share. */
export interface ScreenScope {
  mode: ScreenMode;
  /** Templates by id, for template instances (expanded at render time). */
  templates: ReadonlyMap<string, Template>;
  /** Run mode: where bound values come from (the window's TagStore). */
  tags?: TagSource;
  /** Run mode: an element was pressed; `anchor` is the element's drawn node, to place popups beside it. */
  onRequest?(request: ElementRequest, anchor: Element): void;
  /**
   * Run mode: why the person at the station may not write (no 'tags.write'), in plain words; the
   * elements that write are drawn disabled with it on hover instead of asking to confirm a write the
   * runtime would refuse. Undefined when writing is allowed.
   */
  writeRefusal?: string | undefined;
  /** Run mode: element path → the tags whose alarm mark it draws (one per alarm on a canvas; `ScreenCanvas` sets it, alarm-marks.ts). */
  alarmMarks?: AlarmMarks;
}

export const DESIGN_SCOPE: ScreenScope = { mode: 'design', templates: new Map() };

export const ScopeContext = createContext<ScreenScope>(DESIGN_SCOPE);

export function useScope(): ScreenScope {
  return useContext(ScopeContext);
}

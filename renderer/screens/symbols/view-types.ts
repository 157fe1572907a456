import type { ReactNode } from 'react';
import { qualityShortCode, severityOf, type Severity } from '../../../common/quality.ts';
import type { ScreenElement } from '../../../screens/screen-schema.ts';
import type { Bound } from '../element-binder.ts';
import type { ScreenScope } from '../screen-scope.ts';
import { formatValue } from '../../ui/value-format.ts';

/** What a symbol drawing gets: its box, its props with bound values laid over them, and their qualities. */
export interface SymbolViewProps {
  element: ScreenElement;
  width: number;
  height: number;
  /** Static props (defaults filled in) with each bound property's current value over them. */
  props: Readonly<Record<string, unknown>>;
  bound: Bound | undefined;
  scope: ScreenScope;
}

export type SymbolView = (props: SymbolViewProps) => ReactNode;

/** A value as text with the element's decimals: ui/value-format's one formatter and its rules. */
export function valueText(value: unknown, decimals: number): string {
  return formatValue({ decimals }, value);
}

export function num(value: unknown, fallback = 0): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export function optNum(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : fallback;
}

/** On/open/running: true, or a non-zero number. Null (no value) is off. */
export function truthy(value: unknown): boolean {
  return value === true || (typeof value === 'number' && value !== 0);
}

/** The quality of one bound property ('good' when it is not bound, as in design mode). */
export function severity(bound: Bound | undefined, name: string): Severity {
  const quality = bound?.qualities[name];
  return quality === undefined ? 'good' : severityOf(quality);
}

export function shortCode(bound: Bound | undefined, name: string): string {
  const quality = bound?.qualities[name];
  if (bound?.errors[name] !== undefined) return 'ERR';
  return quality === undefined ? '' : qualityShortCode(quality);
}

/** A look for on/off equipment: bad quality is its own look, never "stopped". */
export function onOffLook(bound: Bound | undefined, props: Readonly<Record<string, unknown>>, name: string): 'on' | 'off' | 'bad' {
  if (severity(bound, name) === 'bad') return 'bad';
  return truthy(props[name]) ? 'on' : 'off';
}

/** Rotation in degrees for a symbol drawn pointing right. */
export function orientationAngle(orientation: unknown): number {
  return orientation === 'left' ? 180 : orientation === 'up' ? -90 : orientation === 'down' ? 90 : 0;
}

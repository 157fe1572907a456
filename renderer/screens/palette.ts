/**
 * Palette names of screen documents → CSS colours of the ISA-101 palette (styles/base.css). Screens
 * name colours by meaning (`process-dark`, `alarm-high`) so they stay grey at rest and follow the theme.
 */
const PALETTE: Readonly<Record<string, string>> = {
  background: 'var(--bg)',
  panel: 'var(--panel)',
  'panel-border': 'var(--panel-border)',
  text: 'var(--text)',
  'text-muted': 'var(--text-muted)',
  'process-light': 'var(--equip-off)',
  'process-grey': 'var(--pipe)',
  'process-dark': 'var(--equip-on)',
  'process-line': 'var(--equip-line)',
  fault: 'var(--fault)',
  warning: 'var(--warn)',
  'alarm-critical': 'var(--alarm-critical)',
  'alarm-high': 'var(--alarm-high)',
  'alarm-medium': 'var(--alarm-medium)',
  'alarm-low': 'var(--alarm-low)',
  none: 'none',
};

/** A document colour (palette name or #hex) as CSS; anything else (a bound value gone wrong) is the neutral line grey. */
export function cssColor(value: unknown, fallback = 'var(--equip-line)'): string {
  if (typeof value !== 'string') return fallback;
  if (/^#[0-9a-fA-F]{3,8}$/.test(value)) return value;
  return PALETTE[value] ?? fallback;
}

/** True for palette names that mean "abnormal" (so symbols can add a shape or text, never colour alone). */
export function isAlarmColor(value: unknown): boolean {
  return typeof value === 'string' && (value.startsWith('alarm-') || value === 'fault');
}

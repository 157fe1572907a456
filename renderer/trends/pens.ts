import type { TagInfo } from '../../common/tag.ts';

/**
 * Pen colours: muted and told apart by hue and lightness, none of them an alarm colour (red, orange,
 * yellow, cyan) nor the magenta of bad quality, so a pen never reads as abnormal.
 */
export const PEN_COLOURS = ['#2b4c7e', '#3d7060', '#7b5a3a', '#5e5a8c', '#3a3a3a', '#6b6b2a', '#4f6f86', '#7a4f5f'] as const;
export const MAX_PENS = PEN_COLOURS.length;

export interface Pen {
  readonly path: string;
  readonly info: TagInfo;
  readonly colour: string;
}

/** States and booleans hold their value until the next one: drawn as steps on their own axis. */
export function isDiscrete(info: TagInfo): boolean {
  return info.dataType === 'bool' || info.states !== undefined;
}

/** Tags a trend can draw (strings cannot). */
export function isTrendable(info: TagInfo): boolean {
  return info.dataType !== 'string';
}

/** Pens share a y axis when they share units (discrete pens: when they share state names). */
export function axisKey(info: TagInfo): string {
  if (info.dataType === 'bool') return 'bool';
  if (info.states) return `states:${JSON.stringify(info.states)}`;
  return `units:${info.units}`;
}

/** The first colour no pen uses yet. */
export function nextColour(pens: readonly Pen[]): string {
  const used = new Set(pens.map((pen) => pen.colour));
  return PEN_COLOURS.find((colour) => !used.has(colour)) ?? PEN_COLOURS[pens.length % PEN_COLOURS.length]!;
}

export function makePens(infos: readonly TagInfo[]): Pen[] {
  const pens: Pen[] = [];
  for (const info of infos.slice(0, MAX_PENS)) pens.push({ path: info.path, info, colour: nextColour(pens) });
  return pens;
}

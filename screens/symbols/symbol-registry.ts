import { alarmIndicatorSymbol, barGraphSymbol, multiStateSymbol, numericDisplaySymbol, sparklineSymbol, valueListSymbol } from './value-symbols.ts';
import { ellipseSymbol, imageSymbol, lineSymbol, polylineSymbol, rectangleSymbol, svgSymbol, textSymbol } from './basic-symbols.ts';
import { buttonSymbol, setpointEntrySymbol, switchSymbol } from './control-symbols.ts';
import { controlValveSymbol, conveyorSymbol, heatExchangerSymbol, instrumentSymbol, motorSymbol, onOffValveSymbol, pipeSymbol, pumpSymbol, tankSymbol } from './process-symbols.ts';
import type { ScreenElement } from '../screen-schema.ts';
import type { SymbolDefinition } from './symbol-definition.ts';

const ALL: readonly SymbolDefinition[] = [
  pumpSymbol,
  onOffValveSymbol,
  controlValveSymbol,
  motorSymbol,
  tankSymbol,
  pipeSymbol,
  conveyorSymbol,
  heatExchangerSymbol,
  instrumentSymbol,
  numericDisplaySymbol,
  barGraphSymbol,
  multiStateSymbol,
  sparklineSymbol,
  valueListSymbol,
  alarmIndicatorSymbol,
  buttonSymbol,
  setpointEntrySymbol,
  switchSymbol,
  textSymbol,
  rectangleSymbol,
  ellipseSymbol,
  lineSymbol,
  polylineSymbol,
  imageSymbol,
  svgSymbol,
];

/** Every symbol type by name; the renderer keys its drawings by the same names. */
export const SYMBOLS: ReadonlyMap<string, SymbolDefinition> = new Map(ALL.map((s) => [s.type, s]));

export function symbolDefinition(type: string): SymbolDefinition | undefined {
  return SYMBOLS.get(type);
}

/**
 * The symbol type an element is drawn, edited and checked with: shapes, text and images have symbol
 * definitions too; groups and template instances have none.
 */
export function symbolTypeOf(element: ScreenElement): string | undefined {
  switch (element.kind) {
    case 'symbol':
      return element.symbol;
    case 'shape':
      return element.shape === 'rect' ? 'rectangle' : element.shape;
    case 'text':
      return 'text';
    case 'image':
      return 'image';
    case 'template':
    case 'group':
      return undefined;
  }
}

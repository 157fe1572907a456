import { unitSymbol } from '../../common/units.ts';
import { i18n } from '../i18n/i18n.ts';

/**
 * The symbol people read for a UNECE Rec 20 unit code (`H87` → pcs, `KGM` → kg; common/units.ts), in the
 * reader's language where the symbol is a word (the 'workOrders' catalogue's `units.*`: `H87` → Stk).
 */
export function unitName(code: string): string {
  return i18n.t(`units.${code}`, { ns: 'workOrders', defaultValue: unitSymbol(code) });
}

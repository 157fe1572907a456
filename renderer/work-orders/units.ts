import { unitSymbol } from '../../common/units.ts';

/** The symbol people read for a UNECE Rec 20 unit code (`H87` → pcs, `KGM` → kg); common/units.ts. */
export function unitName(code: string): string {
  return unitSymbol(code);
}

/** Short names of the UNECE Rec 20 unit codes the example counts in; any other code is shown as it is. */
const UNIT_NAMES: Record<string, string> = { H87: 'pcs', KGM: 'kg', LTR: 'l', CS: 'cases' };

export function unitName(code: string): string {
  return UNIT_NAMES[code] ?? code;
}

/**
 * What people read for a UNECE Rec 20 unit code (the codes MES/ERP systems exchange): `H87` → `pcs`,
 * `KGM` → `kg`. Codes stay the data (B2MML, mappings, the outbox); only what is shown changes. A code
 * not listed is shown as it is.
 */
const SYMBOLS: Readonly<Record<string, string>> = {
  H87: 'pcs',
  C62: 'pcs',
  KGM: 'kg',
  GRM: 'g',
  TNE: 't',
  LTR: 'L',
  MLT: 'mL',
  HLT: 'hL',
  MTQ: 'm³',
  MTR: 'm',
  MMT: 'mm',
  MTK: 'm²',
  SEC: 's',
  MIN: 'min',
  HUR: 'h',
  CEL: '°C',
  KWH: 'kWh',
  CS: 'cases',
  PK: 'packs',
  BX: 'boxes',
  CT: 'cartons',
  PA: 'packets',
  BO: 'bottles',
  CA: 'cans',
  RO: 'rolls',
  SET: 'sets',
};

export function unitSymbol(code: string): string {
  return SYMBOLS[code] ?? code;
}

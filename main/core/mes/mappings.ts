import type { MappingKind, MappingTables, MissingMapping } from '../../../common/mes.ts';

/**
 * Applies a connector's mapping tables. A non-empty table is a closed list: a code missing from it
 * is reported (the message is held or blocked until the mapping exists); an empty table passes codes
 * through. Units convert values: local = external × factor + offset.
 */
export class CodeMapper {
  private readonly missing: MissingMapping[] = [];
  private readonly tables: MappingTables;
  private readonly direction: 'inbound' | 'outbound';

  constructor(tables: MappingTables, direction: 'inbound' | 'outbound') {
    this.tables = tables;
    this.direction = direction;
  }

  get problems(): readonly MissingMapping[] {
    return this.missing;
  }

  code(table: Exclude<MappingKind, 'units'>, code: string): string {
    const rows = this.tables[table];
    if (rows.length === 0) return code;
    const found = this.direction === 'inbound' ? rows.find((r) => r.external === code)?.local : rows.find((r) => r.local === code)?.external;
    if (found === undefined) {
      this.note(table, code);
      return code;
    }
    return found;
  }

  quantity(q: { value: number; unit: string }): { value: number; unit: string } {
    const rows = this.tables.units;
    if (rows.length === 0) return q;
    if (this.direction === 'inbound') {
      const row = rows.find((r) => r.external === q.unit);
      if (!row) {
        this.note('units', q.unit);
        return q;
      }
      return { value: q.value * row.factor + row.offset, unit: row.local };
    }
    const row = rows.find((r) => r.local === q.unit);
    if (!row) {
      this.note('units', q.unit);
      return q;
    }
    return { value: (q.value - row.offset) / row.factor, unit: row.external };
  }

  private note(table: MappingKind, code: string): void {
    if (!this.missing.some((m) => m.table === table && m.code === code)) this.missing.push({ table, code });
  }
}

export function describeMissing(missing: readonly MissingMapping[]): string {
  const names: Record<MappingKind, string> = { materials: 'material', workCentres: 'work centre', units: 'unit', reasonCodes: 'reason code' };
  return `no mapping for ${missing.map((m) => `${names[m.table]} ${m.code}`).join(', ')}`;
}

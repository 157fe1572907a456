import type { MappingTables } from '../../../common/mes.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import { editConnectorEntry } from './mes-json-edit.ts';

const TABLE_NAMES: Record<keyof MappingTables, string> = { materials: 'materials', workCentres: 'work centres', units: 'units', reasonCodes: 'reason codes' };

/**
 * Checks mapping tables beyond their schema: an external code listed twice would map one MES code
 * to two plant codes. The refusal names the table and the row (1-based, as the Mappings panel shows it).
 */
export function checkMappings(tables: MappingTables): Result<void> {
  for (const table of Object.keys(TABLE_NAMES) as Array<keyof MappingTables>) {
    const seen = new Map<string, number>();
    for (const [i, row] of tables[table].entries()) {
      const first = seen.get(row.external);
      if (first !== undefined) {
        return fail('bad-request', `${TABLE_NAMES[table]} row ${i + 1}: the external code ${row.external} is already mapped in row ${first + 1}`, `mappings.${table}[${i}].external`);
      }
      seen.set(row.external, i);
    }
  }
  return ok(undefined);
}

/** Writes one connector's mapping tables into the project's mes.json (the rest stays as it is). */
export function writeConnectorMappings(projectDir: string, connector: string, mappings: MappingTables): Promise<Result<void>> {
  return editConnectorEntry(projectDir, connector, 'the mappings', (entry) => {
    entry['mappings'] = mappings;
  });
}

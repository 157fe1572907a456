import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MappingTables } from '../../../common/mes.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import { writeFileAtomic } from './atomic-file.ts';

const FILE = 'mes.json';
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

/**
 * Writes one connector's mapping tables into the project's mes.json, leaving everything else in the
 * file as it is: read, change that connector's `mappings`, write a temporary file and rename it over
 * the old one (a reader never sees half a file; a failed write changes nothing).
 */
export async function writeConnectorMappings(projectDir: string, connector: string, mappings: MappingTables): Promise<Result<void>> {
  let doc: { connectors?: Array<{ id?: unknown; mappings?: unknown }> };
  try {
    doc = JSON.parse(await readFile(join(projectDir, FILE), 'utf8')) as typeof doc;
  } catch (error) {
    return fail('config-error', `${FILE}: cannot read it to save the mappings: ${(error as Error).message}`, FILE);
  }
  const entry = Array.isArray(doc.connectors) ? doc.connectors.find((c) => c.id === connector) : undefined;
  if (!entry) return fail('config-error', `${FILE} has no connector ${connector} any more (was it edited by hand?)`, FILE);
  entry.mappings = mappings;
  try {
    await writeFileAtomic(projectDir, FILE, `${JSON.stringify(doc, null, 2)}\n`);
  } catch (error) {
    return fail('internal', `cannot write ${FILE}: ${(error as Error).message}`, FILE);
  }
  return ok(undefined);
}

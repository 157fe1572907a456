import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fail, ok, type Result } from '../../../common/result.ts';
import { writeFileAtomic } from './atomic-file.ts';

const FILE = 'mes.json';

/** One connector's entry of mes.json as it stands in the file. */
export type ConnectorEntry = { id?: unknown } & Record<string, unknown>;

/**
 * Changes one connector's entry in the project's mes.json, leaving everything else in the file as
 * the engineer wrote it: read, `edit` that entry, write a temporary file and rename it over the old
 * one (a reader never sees half a file; a failed write changes nothing). `what` names what is saved
 * in the errors ("the mappings").
 */
export async function editConnectorEntry(projectDir: string, id: string, what: string, edit: (entry: ConnectorEntry) => void): Promise<Result<void>> {
  let doc: { connectors?: ConnectorEntry[] };
  try {
    doc = JSON.parse(await readFile(join(projectDir, FILE), 'utf8')) as typeof doc;
  } catch (error) {
    return fail('config-error', `${FILE}: cannot read it to save ${what}: ${(error as Error).message}`, FILE);
  }
  const entry = Array.isArray(doc.connectors) ? doc.connectors.find((c) => c.id === id) : undefined;
  if (!entry) return fail('config-error', `${FILE} has no connector ${id} any more (was it edited by hand?)`, FILE);
  edit(entry);
  try {
    await writeFileAtomic(projectDir, FILE, `${JSON.stringify(doc, null, 2)}\n`);
  } catch (error) {
    return fail('internal', `cannot write ${FILE}: ${(error as Error).message}`, FILE);
  }
  return ok(undefined);
}

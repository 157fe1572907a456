import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateXML } from 'xmllint-wasm';
import type { Result } from '../../../../common/result.ts';
import { fail, ok } from '../../../../common/result.ts';

const SCHEMA_DIR = fileURLToPath(new URL('./schema/', import.meta.url));
const ENTRY = 'Lineside-Messages.xsd';

type SchemaFiles = { entry: { fileName: string; contents: string }; preload: { fileName: string; contents: string }[] };
let files: SchemaFiles | undefined;

function schemaFiles(): SchemaFiles {
  if (files) return files;
  const names = readdirSync(SCHEMA_DIR).filter((n) => n.endsWith('.xsd'));
  const read = (fileName: string) => ({ fileName, contents: readFileSync(SCHEMA_DIR + fileName, 'utf8') });
  files = { entry: read(ENTRY), preload: names.filter((n) => n !== ENTRY).map(read) };
  return files;
}

/**
 * Validates a document against MESA's B2MML V0701 schemas with libxml2 (WebAssembly, in a worker
 * thread, so the event loop keeps serving). Schema-parser warnings about the schemas themselves are
 * not the message's fault and are left out; the first error about the message is reported.
 */
export async function validateB2mml(xml: string): Promise<Result<void>> {
  const { entry, preload } = schemaFiles();
  const result = await validateXML({ xml: { fileName: 'message.xml', contents: xml }, schema: entry, preload });
  if (result.valid) return ok(undefined);
  const errors = result.errors.filter((e) => e.loc === null || e.loc.fileName === 'message.xml');
  const first = errors[0];
  if (!first) return fail('internal', `schema validation failed: ${result.rawOutput.slice(0, 500)}`);
  const where = first.loc ? `line ${first.loc.lineNumber}: ` : '';
  return fail('bad-request', `not valid B2MML V0701: ${where}${first.message.replace(/^Schemas validity error : /, '')}`);
}

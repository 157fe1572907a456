import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AUDIT_FILE, AuditTrail } from './audit-trail.ts';

/**
 * `npm run audit:verify -- --data DIR`: walks the audit trail's hash chain in DIR/audit.sqlite.
 * Exit 0 when intact, 1 naming the first bad sequence number, 2 for wrong usage.
 */
function main(): number {
  let data: string | undefined;
  try {
    ({ values: { data } } = parseArgs({ options: { data: { type: 'string' } }, strict: true }));
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: npm run audit:verify -- --data DIR`);
    return 2;
  }
  if (data === undefined) {
    console.error('usage: npm run audit:verify -- --data DIR (the runtime data folder, e.g. examples/bottling-line/.lineside-data)');
    return 2;
  }
  const file = join(resolve(data), AUDIT_FILE);
  if (!existsSync(file)) {
    console.error(`no audit trail at ${file}`);
    return 2;
  }
  const trail = new AuditTrail(file, { now: () => Date.now() });
  try {
    const result = trail.verify();
    if (result.ok) console.log(`audit trail intact: ${result.records} records (${file})`);
    else console.error(`audit trail NOT intact at record ${result.firstBadSeq}: ${result.problem}`);
    return result.ok ? 0 : 1;
  } finally {
    trail.dispose();
  }
}

process.exitCode = main();

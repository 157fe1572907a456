import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXAMPLE_PROJECT_DIR } from './app-paths.ts';
import { builtinDrivers } from '../drivers/registry.ts';
import { builtinConnectorTypes } from './core/mes/connector-types.ts';
import { openStationSecrets } from './core/secrets/station-secrets.ts';
import { checkProject } from './core/project/project-loader.ts';
import { formatProblem, type ProjectProblem } from './core/project/project-problems.ts';

const USAGE =
  'usage: npm run check -- [--project DIR] [--data DIR]   (default: the example project, its .lineside-data)\n' +
  '  lists every problem of the project (errors and warnings) without starting anything; exit code 1 when there are errors;\n' +
  "  secrets the project refers to are checked with the values in the data folder's secrets file, or as if set where it has none";

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The lines `npm run check` prints for a list of problems: errors first, then warnings, then a count. */
export function checkReport(dir: string, problems: readonly ProjectProblem[]): string[] {
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  const lines = [`Checked ${dir}`];
  for (const p of errors) lines.push(`error    ${formatProblem(p)}`);
  for (const p of warnings) lines.push(`warning  ${formatProblem(p)}`);
  lines.push(problems.length === 0 ? 'No problems.' : `${plural(errors.length, 'error')}, ${plural(warnings.length, 'warning')}${errors.length > 0 ? ': the project would not start' : ''}.`);
  return lines;
}

/** `npm run check`: reads and checks the project as the runtime would, starts nothing, prints every problem. */
export async function runCheck(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { project: { type: 'string' }, data: { type: 'string' }, help: { type: 'boolean' } }, strict: true }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const dir = resolve(values.project ?? EXAMPLE_PROJECT_DIR);
  // Secret fields refer to the station's secrets file: the drivers and transports read them through it.
  const secrets = openStationSecrets(resolve(values.data ?? join(dir, '.lineside-data')), builtinDrivers(), builtinConnectorTypes(), 'placeholder');
  if (!secrets.ok) {
    console.error(secrets.error.message);
    return 1;
  }
  const { problems } = await checkProject(dir, secrets.value.drivers, { mesConnectorTypes: secrets.value.connectorTypes });
  for (const line of checkReport(dir, problems)) console.log(line);
  return problems.some((p) => p.severity === 'error') ? 1 : 0;
}

if (import.meta.main) process.exitCode = await runCheck(process.argv.slice(2));

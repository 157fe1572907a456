import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AUDIT_KEY_SECRET } from '../audit/audit-key.ts';
import { SecretStore } from './secret-store.ts';
import { STATION_TOKEN_SECRET } from './station-secrets.ts';

const USAGE = `usage: npm run secrets -- --data DIR list | set NAME | get NAME | delete NAME
  DIR: the station's data folder (default for a project: PROJECT/.lineside-data)
  set reads the value from standard input (typed without echo, or piped), never from the arguments`;

/**
 * `npm run secrets -- --data DIR list | set NAME | get NAME | delete NAME`: the station's secrets
 * file from a terminal, for whoever may read it (the data folder is 700). Values are never taken from
 * the command line (`ps` shows arguments to every user). Exit 0 done, 1 refused, 2 usage.
 */
async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ options: { data: { type: 'string' }, help: { type: 'boolean' } }, allowPositionals: true, strict: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) return (console.log(USAGE), 0);
  const [command, name, ...rest] = positionals;
  const needsName = command === 'set' || command === 'get' || command === 'delete';
  if (values.data === undefined || !['list', 'set', 'get', 'delete'].includes(command ?? '') || (needsName ? name === undefined || rest.length > 0 : name !== undefined)) {
    console.error(USAGE);
    return 2;
  }
  const opened = SecretStore.open(resolve(values.data));
  if (!opened.ok) return (console.error(opened.error.message), 1);
  const store = opened.value;
  if (command === 'list') {
    for (const n of store.names()) console.log(n);
    return 0;
  }
  if (name === AUDIT_KEY_SECRET && command !== 'get') {
    console.error(`${AUDIT_KEY_SECRET} is the audit trail's key: changing or deleting it would make the trail fail verification. Restore it from a backup instead.`);
    return 1;
  }
  if (command === 'get') {
    const value = store.get(name!);
    if (value === undefined) return (console.error(`no secret ${name} in ${store.file}`), 1);
    process.stdout.write(`${value}\n`);
    return 0;
  }
  if (command === 'delete') {
    const deleted = store.delete(name!);
    if (!deleted.ok) return (console.error(deleted.error.message), 1);
    console.log(deleted.value ? `deleted ${name} from ${store.file}` : `no secret ${name} in ${store.file}`);
    return 0;
  }
  const value = await readValue(name!);
  if (value === '') return (console.error('no value given: nothing changed'), 1);
  if (name === STATION_TOKEN_SECRET && value.length < 16) return (console.error('the station token must be at least 16 characters'), 1);
  const saved = store.set(name!, value);
  if (!saved.ok) return (console.error(saved.error.message), 1);
  console.log(`set ${name} in ${store.file} (a running station uses it from its next start, or when that device is next saved)`);
  return 0;
}

/** The value from standard input: typed without echo at a terminal, or everything piped in (one trailing newline dropped). */
async function readValue(name: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    let text = '';
    for await (const chunk of stdin) text += String(chunk);
    return text.replace(/\r?\n$/, '');
  }
  process.stderr.write(`Value for ${name} (not shown): `);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  return new Promise((done) => {
    let value = '';
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') {
          stdin.off('data', onData);
          stdin.setRawMode(false);
          stdin.pause();
          process.stderr.write('\n');
          return done(value);
        }
        if (ch === '\u0003') {
          stdin.setRawMode(false);
          process.stderr.write('\n');
          process.exit(130);
        }
        value = ch === '\u007f' || ch === '\b' ? value.slice(0, -1) : value + ch;
      }
    };
    stdin.on('data', onData);
    stdin.resume();
  });
}

process.exitCode = await main();

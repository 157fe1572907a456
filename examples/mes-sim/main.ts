// `npm run mes-sim -- [--port N] [--token T] [--webhook URL --webhook-secret S] [--fail down|500|502|slow|drop|duplicate]
//  [--snapshot] [--times end|duration|none] [--no-read-back] [--naive-reversals]`:
// the MES/ERP simulator as a process of its own. Runs until SIGINT/SIGTERM (or until Lineside, its parent, goes away).
import { parseArgs } from 'node:util';
import { addB2mmlRoutes } from './b2mml-routes.ts';
import { addCmmsRoutes } from './cmms-routes.ts';
import { MesSim } from './sim-server.ts';

export const DEFAULT_MES_SIM_PORT = 8720;
const USAGE = `usage: npm run mes-sim -- [--port N (${DEFAULT_MES_SIM_PORT})] [--token T] [--webhook URL --webhook-secret S] [--fail down|500|502|slow|drop|duplicate] [--snapshot] [--times end|duration|none] [--no-read-back] [--naive-reversals] [--no-seed] [--quiet]`;

export interface MesSimReadyMessage {
  type: 'mes-sim-ready';
  url: string;
}

async function main(argv: string[]): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        token: { type: 'string' },
        webhook: { type: 'string' },
        'webhook-secret': { type: 'string' },
        fail: { type: 'string', multiple: true },
        'no-seed': { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean' },
        snapshot: { type: 'boolean' },
        times: { type: 'string' },
        'no-read-back': { type: 'boolean' },
        'naive-reversals': { type: 'boolean' },
      },
      strict: true,
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (values.help) return void console.log(USAGE);
  const port = values.port === undefined ? DEFAULT_MES_SIM_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a whole number from 0 to 65535, not "${values.port}"\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if ((values.webhook === undefined) !== (values['webhook-secret'] === undefined)) {
    console.error(`--webhook and --webhook-secret go together\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  const sim = new MesSim({
    port,
    ...(values.token ? { token: values.token } : {}),
    ...(values.webhook ? { webhook: { url: values.webhook, secret: values['webhook-secret']! } } : {}),
    seed: !values['no-seed'],
  });
  addB2mmlRoutes(sim);
  // The CMMS: requests move on by themselves (accepted, in progress after a minute, done after two), as a planner would.
  addCmmsRoutes(sim, { progressMs: 60_000 });
  if (values.times !== undefined && values.times !== 'end' && values.times !== 'duration' && values.times !== 'none') {
    console.error(`--times ${values.times}: not one of end, duration, none\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  Object.assign(sim.state.modes, {
    snapshot: values.snapshot === true,
    times: values.times ?? 'end',
    readBack: values['no-read-back'] !== true,
    naiveReversals: values['naive-reversals'] === true,
  });
  for (const f of values.fail ?? []) {
    const faults = sim.state.faults;
    if (f === 'slow') faults.slowMs = 3000;
    else if (f === '500' || f === '502') faults.failAfterCommit = { status: Number(f) as 500 | 502, count: Number.MAX_SAFE_INTEGER };
    else if (f === 'drop') faults.dropReply = Number.MAX_SAFE_INTEGER;
    else if (f === 'duplicate') faults.duplicateOrders = true;
    else if (f !== 'down') {
      console.error(`--fail ${f}: not one of down, 500, 502, slow, drop, duplicate\n${USAGE}`);
      process.exitCode = 2;
      return;
    }
  }
  let url: string;
  try {
    url = await sim.listen();
    if (values.fail?.includes('down')) await sim.down();
  } catch (error) {
    console.error(`the MES simulator did not start: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  if (!values.quiet) {
    console.log(`MES/ERP simulator at ${url}/api (orders, completions, consumptions, downtime; admin at ${url}/admin/state)`);
    console.log('Ctrl+C stops it.');
  }
  const stop = () => void sim.close().then(() => process.connected && process.disconnect());
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  if (process.send) {
    process.once('disconnect', stop);
    const ready: MesSimReadyMessage = { type: 'mes-sim-ready', url };
    process.send(ready);
  }
}

if (import.meta.main) await main(process.argv.slice(2));

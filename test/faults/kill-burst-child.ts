// A Lineside runtime in a process of its own, for kill-burst.test.ts to SIGKILL in the middle of a
// burst of writes to every store. argv: PROJECT_DIR DATA_DIR ROUND SEED. It opens the data folder only
// when told to ({ go }), so the test can load the next one while this one runs. Each write is reported over
// IPC ({ ack }) only once it was acknowledged (the call answered ok, the transaction committed).
import { Outbox } from '../../main/core/mes/outbox.ts';
import { startRuntime } from '../../main/runtime.ts';
import { TEST_USERS } from '../support/users.ts';
import { TestClient } from '../support/ws-client.ts';

const [projectDir, dataDir, roundText, seedText] = process.argv.slice(2) as [string, string, string, string];
const round = Number(roundText);

/** mulberry32: the same burst for the same seed and round. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const send = (message: unknown) => process.send!(message);
// Loaded (the modules are the slow part of a start): the test may run the round before this one meanwhile.
send({ loaded: true });
await new Promise((resolve) => process.once('message', resolve));
const started = await startRuntime({ projectDir, dataDir, port: 0, token: 'fault-suite-token-0123456789' });
if (!started.ok) {
  send({ refused: started.error.message });
  process.exit(3);
}
const runtime = started.value;
// The first run makes the administrator and the engineer the burst signs in as (not every role: scrypt is slow).
if (runtime.users.firstStart) await runtime.users.createFirstAdmin({ name: TEST_USERS.admin.name, fullName: 'Admin', password: TEST_USERS.admin.password }, 'burst');
if (!runtime.users.list().some((u) => u.name === TEST_USERS.engineer.name)) {
  await runtime.users.create({ name: 'admin', role: 'admin', station: 'burst' }, { name: TEST_USERS.engineer.name, fullName: 'Engineer', role: 'engineer', password: TEST_USERS.engineer.password });
}
const client = await TestClient.connect(runtime.url, runtime.token);
await client.loginAs('engineer');
// The live view: report once values flow from the simulator.
await client.call('tags.subscribe', { paths: ['Line1/Wave'], maxRateMs: 20 });
let changes = 0;
await client.waitFor((f) => f.event === 'tags.changed' && ++changes >= 5, 15_000);
send({ ready: true, users: runtime.users.list().length, tokens: runtime.users.tokens().length });

const rng = random(Number(seedText) * 1000 + round);
const outbox = new Outbox(runtime.mes!.store.db);
const admin = { name: 'admin', role: 'admin', station: 'burst' };
for (let i = 0; ; i++) {
  const id = `${round}-${i}`;
  const pick = rng();
  if (pick < 0.3) {
    const value = round * 100_000 + i;
    const reply = await client.request('tags.write', { path: 'Line1/Burst', value });
    if (reply.ok) send({ ack: 'write', value });
  } else if (pick < 0.45) {
    const reply = await client.request('logbook.add', { text: `burst ${id}`, line: 'Line1' });
    if (reply.ok) send({ ack: 'logbook', text: `burst ${id}` });
  } else if (pick < 0.6) {
    const reply = await client.request('alarms.comment', { id: 'Line1/Level/Hi', comment: `burst ${id}` });
    if (reply.ok) send({ ack: 'comment', text: `burst ${id}` });
  } else if (pick < 0.75) {
    const key = `WO-${id}.c1`;
    runtime.mes!.store.transaction(() => outbox.enqueue({ connector: 'erp', key, stream: `erp/WO-${id}`, kind: 'completion', payload: { id: key, good: i } }, Date.now()));
    send({ ack: 'mes', key });
  } else if (pick < 0.85) {
    // The user store: an API token (a new account would cost a scrypt hash per write).
    const made = runtime.users.createToken(admin, { name: `burst-${id}`, scopes: ['view'] });
    if (made.ok) send({ ack: 'token', name: `burst-${id}` });
  } else {
    // What the historian has after a flush is acknowledged: the burst tag's value as of now.
    await runtime.historian.flush();
    const status = runtime.historian.status();
    const slot = runtime.engine.slot('Line1/Burst')!.current;
    if (status.state === 'ok' && typeof slot.value === 'number' && slot.value !== 0) send({ ack: 'history', value: slot.value, t: slot.serverTime });
  }
}

// Lineside's stores in a process of their own, for kill-burst.test.ts to SIGKILL in the middle of a
// burst of writes to every one of them: the audit trail, users (API tokens), the alarm journal, the
// reports store (logbook), the MES store (outbox), the tag store (a memory tag) and the historian (in its worker). The stores only,
// not the whole runtime: a process that loads in a second even on a loaded machine, so the test can
// kill it several times; the test starts the whole runtime on the same folder after every kill.
// argv: PROJECT_DIR DATA_DIR ROUND SEED. Each write is reported over IPC ({ ack }) once committed.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TagDefinitionSchema } from '../../common/tag.ts';
import { AlarmJournal } from '../../main/core/alarms/alarm-journal.ts';
import { AuditTrail } from '../../main/core/audit/audit-trail.ts';
import { Historian } from '../../main/core/historian/historian.ts';
import { MesStore } from '../../main/core/mes/mes-store.ts';
import { Outbox } from '../../main/core/mes/outbox.ts';
import { ReportStore } from '../../main/core/reports/report-store.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { TagStore } from '../../main/core/tags/tag-store.ts';
import { DEFAULT_SECURITY } from '../../main/core/users/security-settings.ts';
import { UserService } from '../../main/core/users/user-service.ts';
import { TEST_USERS } from '../support/users.ts';
import { seededRandom } from '../support/seeded-random.ts';

const [projectDir, dataDir, roundText, seedText] = process.argv.slice(2) as [string, string, string, string];
const round = Number(roundText);
const send = (message: unknown) => process.send!(message);

const clock = { now: () => Date.now() };
mkdirSync(dataDir, { recursive: true });
// The project's burst tag, as the runtime defines it: its history lands where the runtime's would.
const definitions = (JSON.parse(readFileSync(join(projectDir, 'tags', 'line.json'), 'utf8')) as { tags: unknown[] }).tags.map((t) => TagDefinitionSchema.parse(t));
const engine = new TagEngine(
  definitions.filter((d) => d.path === 'Line1/Burst'),
  clock,
);
const audit = new AuditTrail(join(dataDir, 'audit.sqlite'), clock);
const users = new UserService(join(dataDir, 'users.sqlite'), audit, clock, DEFAULT_SECURITY);
const journal = new AlarmJournal(join(dataDir, 'alarms.sqlite'));
const reports = new ReportStore(join(dataDir, 'reports.sqlite'));
const mes = new MesStore(join(dataDir, 'mes.sqlite'));
const outbox = new Outbox(mes.db);
const tagStore = new TagStore(join(dataDir, 'tags.sqlite'));
const started = await Historian.start(engine, clock, { file: join(dataDir, 'history.sqlite') });
if (!started.ok) throw new Error(started.error.message);
const historian = started.value;
if (users.firstStart) await users.createFirstAdmin({ name: TEST_USERS.admin.name, fullName: 'Admin', password: TEST_USERS.admin.password, setupCode: users.setupCode ?? '' }, 'burst');
send({ ready: true, users: users.list().length, tokens: users.tokens().length });

const rng = seededRandom(Number(seedText) * 1000 + round);
const admin = { name: TEST_USERS.admin.name, role: 'admin', station: 'burst' };
for (let i = 0; ; i++) {
  const id = `${round}-${i}`;
  const pick = rng();
  if (pick < 0.2) {
    const value = round * 100_000 + i;
    if (audit.record({ user: admin.name, role: admin.role, station: admin.station, action: 'burst.write', target: 'Line1/Burst', newValue: value })) send({ ack: 'audit', value });
  } else if (pick < 0.35) {
    reports.addLogbook({ at: Date.now(), user: admin.name, role: admin.role, line: 'Line1', text: `burst ${id}` });
    send({ ack: 'logbook', text: `burst ${id}` });
  } else if (pick < 0.5) {
    journal.write([{ at: Date.now(), alarmId: 'Line1/Level/Hi', tag: 'Line1/Level', area: 'Tank', priority: 'high', kind: 'comment', state: 'normal', value: null, user: admin.name, comment: `burst ${id}`, message: 'burst' }], new Map());
    send({ ack: 'comment', text: `burst ${id}` });
  } else if (pick < 0.65) {
    const key = `WO-${id}.c1`;
    mes.transaction(() => outbox.enqueue({ connector: 'erp', key, stream: `erp/WO-${id}`, kind: 'completion', payload: { id: key, good: i } }, Date.now()));
    send({ ack: 'mes', key });
  } else if (pick < 0.72) {
    // A memory tag's value, acknowledged once stored (as the runtime acknowledges a write of one).
    const value = round * 100_000 + i;
    if (tagStore.writeMemory('Line1/Memo', value, Date.now()).ok) send({ ack: 'memory', value });
  } else if (pick < 0.8) {
    const made = users.createToken(admin, { name: `burst-${id}`, scopes: ['view'] });
    if (made.ok) send({ ack: 'token', name: `burst-${id}` });
  } else {
    // A value of the burst tag, acknowledged once a flush has stored it.
    const value = round * 100_000 + i;
    const t = Date.now();
    engine.ingest([{ handle: 0, value: { value, quality: 'Good', sourceTime: t, serverTime: t } }]);
    await historian.flush();
    const slot = engine.slot('Line1/Burst')!.current;
    if (historian.status().state === 'ok') send({ ack: 'history', value, t: slot.serverTime });
  }
  // Let IPC and the historian's timer run between writes.
  if (i % 8 === 7) await new Promise((resolve) => setImmediate(resolve));
}

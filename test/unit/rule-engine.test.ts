import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PERMISSIONS, type Permission } from '../../common/permissions.ts';
import { ok } from '../../common/result.ts';
import { RuleDefinitionSchema, type RuleDefinition } from '../../common/rules.ts';
import type { TagDefinition } from '../../common/tag.ts';
import type { AuditEntry } from '../../main/core/audit/audit-trail.ts';
import { RuleEngine } from '../../main/core/rules/rule-engine.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { TagStore } from '../../main/core/tags/tag-store.ts';
import { ManualClock } from '../support/manual-clock.ts';
import { tag } from '../support/tags.ts';

const root = mkdtempSync(join(tmpdir(), 'lineside-rules-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let open: Array<{ dispose(): void }> = [];
afterEach(() => {
  for (const o of open.reverse()) o.dispose();
  open = [];
});

let files = 0;
function setup(defs: TagDefinition[], rules: Array<Partial<RuleDefinition> & { when: string }>, permissions: readonly Permission[] = PERMISSIONS) {
  const clock = new ManualClock();
  const engine = new TagEngine(defs, clock);
  const store = new TagStore(join(root, `rules-${files++}.sqlite`));
  const entries: AuditEntry[] = [];
  const audit = { entries, record: (entry: AuditEntry) => void entries.push(entry) };
  const writes: Array<{ path: string; value: unknown; by: string }> = [];
  const logbook: string[] = [];
  const set = (path: string, value: number | boolean | null, quality: 'Good' | 'BadNotConnected' = 'Good') => engine.ingest([{ handle: engine.slot(path)!.id, value: { value, quality, sourceTime: clock.now(), serverTime: clock.now() } }]);
  const parsed = rules.map((r, i) => RuleDefinitionSchema.parse({ id: `r${i}`, runAs: 'operator', actions: [{ kind: 'write', tag: 'Valve', value: false }], ...r }));
  const rulesEngine = new RuleEngine(
    parsed,
    {
      engine,
      clock,
      store,
      audit,
      write: async (path, value, by) => {
        writes.push({ path, value, by: by.name });
        return ok(undefined);
      },
      permissionsOf: () => permissions,
      needsSignature: (path) => path === 'Critical',
      logbook: (entry) => (logbook.push(`${entry.user}: ${entry.text}`), ok(undefined)),
    },
    { tickMs: 0 },
  );
  open.push(store, engine, rulesEngine);
  return { clock, engine, rules: rulesEngine, set, writes, logbook, audit };
}

const TAGS = () => [tag({ path: 'Level' }), tag({ path: 'Valve', dataType: 'bool', writable: true }), tag({ path: 'Critical', dataType: 'bool', writable: true })];

describe('event rules (fake clock)', () => {
  it('run the actions in order on a rising edge, once, after the on-delay; a dip before the delay cancels it', async () => {
    const t = setup(TAGS(), [
      {
        when: '{Level} > 95',
        onDelayMs: 5000,
        actions: [
          { kind: 'write', tag: 'Valve', value: false },
          { kind: 'logbook', text: 'Tank full: inlet closed', line: '' },
        ],
      },
    ]);
    t.set('Level', 50);
    t.set('Level', 97);
    t.clock.advance(3000);
    t.rules.tick();
    t.set('Level', 90); // back below before the 5 s
    t.set('Level', 98);
    t.clock.advance(4000);
    t.rules.tick();
    expect(t.writes).toEqual([]);
    t.clock.advance(1000);
    t.rules.tick();
    await t.rules.idle();
    expect(t.writes).toEqual([{ path: 'Valve', value: false, by: 'rule:r0' }]);
    expect(t.logbook).toEqual(['rule:r0: Tank full: inlet closed']);
    // Still true: no second run; a new rising edge runs it again.
    t.set('Level', 99);
    t.clock.advance(10_000);
    t.rules.tick();
    await t.rules.idle();
    expect(t.writes).toHaveLength(1);
    const [run] = t.rules.runs('r0', 5).ok ? (t.rules.runs('r0', 5) as { value: Array<{ result: string; detail: string }> }).value : [];
    expect(run).toMatchObject({ result: 'ok', detail: 'write false to Valve; logbook "Tank full: inlet closed"' });
  });

  it('falling and change edges; no run at start, none for a bad input, none while disabled', async () => {
    const t = setup(TAGS(), [
      { id: 'fall', when: '{Level} > 10', edge: 'falling' },
      { id: 'any', when: '{Level} > 10', edge: 'change' },
    ]);
    t.set('Level', 50); // the first value: where edges start from, not an edge
    await t.rules.idle();
    expect(t.writes).toEqual([]);
    t.set('Level', null, 'BadNotConnected');
    t.set('Level', 60);
    await t.rules.idle();
    expect(t.writes).toEqual([]);
    t.set('Level', 5);
    await t.rules.idle();
    expect(t.writes.map((w) => w.by)).toEqual(['rule:fall', 'rule:any']);
    t.set('Level', 20);
    await t.rules.idle();
    expect(t.writes.map((w) => w.by)).toEqual(['rule:fall', 'rule:any', 'rule:any']);
    const off = t.rules.setEnabled('any', false, { name: 'eng', role: 'engineer', station: 'test' });
    expect(off.ok && off.value).toMatchObject({ enabled: false, changedBy: 'eng' });
    expect(t.audit.entries.at(-1)).toMatchObject({ user: 'eng', action: 'rules.disable', target: 'any' });
    t.set('Level', 5);
    await t.rules.idle();
    expect(t.writes.map((w) => w.by)).toEqual(['rule:fall', 'rule:any', 'rule:any', 'rule:fall']);
  });

  it('refuse a write the rule’s role may not make, or one that needs a signature, and log why', async () => {
    const t = setup(TAGS(), [{ when: '{Level} > 95' }, { when: '{Level} > 95', actions: [{ kind: 'write', tag: 'Critical', value: true }] }], ['view']);
    t.set('Level', 0);
    t.set('Level', 99);
    await t.rules.idle();
    expect(t.writes).toEqual([]);
    const status = t.rules.list();
    expect(status[0]!.lastRun).toMatchObject({ result: 'refused', detail: 'action 1 (write false to Valve): rule r0 runs as operator, whose role lacks the permission tags.write' });
    expect(status[1]!.lastRun).toMatchObject({ result: 'refused' });
    expect(t.audit.entries.filter((r) => r.action === 'rules.refused')).toHaveLength(2);
  });

  it('say why a condition cannot be computed', () => {
    const t = setup(TAGS(), [{ when: '{Level} + 1' }]);
    t.set('Level', 3);
    expect(t.rules.list()[0]).toMatchObject({ condition: null, error: 'the condition gives 4, not true or false' });
  });
});

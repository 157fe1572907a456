import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../main/core/project/project-problems.ts';
import { loadNotifyFile } from '../../main/core/notify/notify-loader.ts';
import { inQuietHours, levelsAt, ruleMatches } from '../../main/core/notify/notify-rules.ts';
import { alarmLink } from '../../main/core/notify/notify-message.ts';
import { notifyFile } from '../support/notify-harness.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function problemsOf(doc: unknown, shifts: string[] | null = ['Early', 'Late']): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'lineside-notify-config-'));
  dirs.push(dir);
  await writeFile(join(dir, 'notify.json'), typeof doc === 'string' ? doc : JSON.stringify(doc));
  return (await loadNotifyFile(dir, shifts ?? undefined)).problems.map(formatProblem);
}

const VALID = {
  formatVersion: 1,
  email: { host: 'mail.plant.example', port: 587, requireTLS: true, from: 'lineside@plant.example', auth: { user: 'lineside', password: { secret: 'notify.smtp.password' } } },
  people: [
    { name: 'anna', email: 'anna@plant.example' },
    { name: 'dana', email: 'dana@plant.example' },
  ],
  rosters: [{ name: 'maint', shifts: { Early: [{ people: ['anna'] }, { people: ['dana'], afterMinutes: 10 }] } }],
  rules: [{ name: 'urgent', match: { priorities: ['critical'] }, roster: 'maint', channels: ['email'] }],
};

describe('notify.json is checked by the project loader, every problem naming the file and the field', () => {
  it('accepts a valid file (a project without notify.json has no notifications and no problem)', async () => {
    expect(await problemsOf(VALID)).toEqual([]);
    const dir = await mkdtemp(join(tmpdir(), 'lineside-notify-none-'));
    dirs.push(dir);
    expect(await loadNotifyFile(dir, undefined)).toEqual({ problems: [] });
  });

  it('names bad fields: a password written as a value, a bad address, an unknown channel', async () => {
    const problems = await problemsOf({
      ...VALID,
      email: { ...VALID.email, auth: { user: 'lineside', password: 'plain-text-password' } },
      people: [{ name: 'anna', email: 'not-an-address' }],
      rules: [{ name: 'urgent', roster: 'maint', channels: ['sms'] }],
    });
    expect(problems).toContain('notify.json: people[0].email: not an e-mail address');
    expect(problems.some((p) => p.startsWith('notify.json: email.auth.password: '))).toBe(true);
    expect(problems).toContain('notify.json: rules[0].channels[0]: a channel is email or webhook:<name>');
  });

  it('names broken references: unknown shift, person, roster and webhook; levels out of order; e-mail without settings', async () => {
    const problems = await problemsOf({
      ...VALID,
      email: undefined,
      rosters: [
        {
          name: 'maint',
          shifts: {
            Weekend: [{ people: ['zoe'] }],
            Early: [
              { people: ['anna'], afterMinutes: 5 },
              { people: ['dana'], afterMinutes: 5 },
            ],
          },
        },
      ],
      rules: [
        { name: 'urgent', roster: 'nobody', channels: ['webhook:chat'] },
        { name: 'mail', roster: 'maint', channels: ['email'] },
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'notify.json: rosters[0].shifts.Weekend: no shift "Weekend" in shifts.json (it has Early, Late)',
        'notify.json: rosters[0].shifts.Weekend[0].people[0]: no person "zoe" in people',
        'notify.json: rosters[0].shifts.Early[1].afterMinutes: escalation levels come later one after the other: 5 is not after 5',
        'notify.json: rules[0].roster: no roster "nobody" in rosters',
        'notify.json: rules[0].channels[0]: no webhook "chat" in webhooks',
        'notify.json: rules[1].channels[0]: e-mail needs the email settings (host, from...)',
      ]),
    );
    expect(await problemsOf(VALID, null)).toEqual(['notify.json: rosters[0].shifts.Early: rosters by shift need shifts.json, and this project has none']);
  });

  it('says so for a file that is not JSON', async () => {
    expect((await problemsOf('{ "formatVersion": 1,'))[0]).toMatch(/^notify\.json: not valid JSON: /);
  });
});

describe('rules, rosters, quiet hours and links', () => {
  const info = { id: 'Line1/Filler/Faulted', tag: 'Line1/Filler/State', area: 'Line1/Filler', priority: 'high', conditionType: 'equals' } as Parameters<typeof ruleMatches>[1]['info'];
  const file = notifyFile(25);
  it('matches by area, priority, class (condition type) and equipment prefix (all given criteria)', () => {
    const rule = (match: Record<string, unknown>) => ({ ...file.rules[0]!, match });
    expect(ruleMatches(rule({ equipment: ['Line1/Filler'] }), { info })).toBe(true);
    expect(ruleMatches(rule({ equipment: ['Line1/Fill'] }), { info })).toBe(false);
    expect(ruleMatches(rule({ priorities: ['critical'] }), { info })).toBe(false);
    expect(ruleMatches(rule({ classes: ['equals', 'badQuality'] }), { info })).toBe(true);
    expect(ruleMatches(rule({ classes: ['hi', 'hihi'] }), { info })).toBe(false);
    expect(ruleMatches(rule({ areas: ['Line1/Filler'], priorities: ['high'] }), { info })).toBe(true);
  });
  it('takes the levels of the running shift, else `otherwise`', () => {
    const f = { ...file, rosters: [{ name: 'maint', shifts: { Early: [{ people: ['anna'], afterMinutes: 0 }] }, otherwise: [{ people: ['dana'], afterMinutes: 0 }] }] };
    expect(levelsAt(f, 'maint', 'Early')[0]!.people).toEqual(['anna']);
    expect(levelsAt(f, 'maint', 'Late')[0]!.people).toEqual(['dana']);
    expect(levelsAt(f, 'maint', undefined)[0]!.people).toEqual(['dana']);
  });
  it('quiet hours wrap past midnight in the plant time zone', () => {
    const f = { ...file, quietHours: { start: '22:00', end: '06:00' } };
    // Berlin is UTC+1 in January.
    expect(inQuietHours(f, Date.UTC(2026, 0, 5, 21, 30), 'Europe/Berlin')).toBe(true);
    expect(inQuietHours(f, Date.UTC(2026, 0, 5, 20, 30), 'Europe/Berlin')).toBe(false);
    expect(inQuietHours(f, Date.UTC(2026, 0, 6, 4, 59), 'Europe/Berlin')).toBe(true);
    expect(inQuietHours(f, Date.UTC(2026, 0, 6, 5, 0), 'Europe/Berlin')).toBe(false);
  });
  it('links open the mobile alarm page; with the token, it is taken out of the fragment and the route kept', () => {
    expect(alarmLink('http://st:8710/', 'Line1/Filler/Faulted')).toBe('http://st:8710/#/mobile?alarm=Line1%2FFiller%2FFaulted');
    expect(alarmLink('http://st:8710', 'A/B', 'tok')).toBe(`http://st:8710/#token=tok&route=${encodeURIComponent('/mobile?alarm=A%2FB')}`);
  });
});

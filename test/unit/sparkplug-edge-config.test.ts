import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEdgeConfig, selects } from '../../main/core/sparkplug/edge-config.ts';
import { parseMetricAddress } from '../../drivers/sparkplug/topic.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function projectWith(sparkplug: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'lineside-sparkplug-config-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'sparkplug.json'), typeof sparkplug === 'string' ? sparkplug : JSON.stringify(sparkplug));
  return dir;
}

const TAGS = ['Line1/Speed', 'Line1/Setpoint', 'Line2/Speed'];
const ROLES = ['operator', 'engineer'];

describe('sparkplug.json', () => {
  it('is optional', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lineside-sparkplug-config-'));
    dirs.push(dir);
    expect(loadEdgeConfig(dir, TAGS, ROLES)).toEqual({ ok: true, value: undefined });
  });

  it('takes tags and folders, with defaults', () => {
    const loaded = loadEdgeConfig(projectWith({ brokerUrl: 'mqtt://broker:1883', groupId: 'Plant', edgeNodeId: 'Line1', tags: ['Line1/'] }), TAGS, ROLES);
    expect(loaded).toMatchObject({ ok: true, value: { deviceId: 'Tags', publishPeriodMs: 100, tags: ['Line1/'] } });
    expect(selects(['Line1/'], 'Line1/Speed')).toBe(true);
    expect(selects(['Line1/'], 'Line10/Speed')).toBe(false);
    expect(selects(['Line1/Speed'], 'Line1/Speed2')).toBe(false);
  });

  it('names the file and the field of every problem', () => {
    const loaded = loadEdgeConfig(projectWith({ brokerUrl: 'http://x', groupId: 'Pl/ant', edgeNodeId: 'Line1', tags: [] }), TAGS, ROLES);
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) {
      expect(loaded.error.message).toBe(['sparkplug.json: brokerUrl: must look like mqtt://host:1883 (or mqtts://, ws://, wss://)', 'sparkplug.json: groupId: groupId "Pl/ant" contains /, + or #, which Sparkplug ids may not'].join('\n'));
    }
    const broken = loadEdgeConfig(projectWith('{ "brokerUrl": '), TAGS, ROLES);
    expect(broken.ok || broken.error.message).toMatch(/^sparkplug.json: not valid JSON: /);
  });

  it('refuses selections that match no tag, an unknown role and commands to tags it does not publish', () => {
    const loaded = loadEdgeConfig(projectWith({ brokerUrl: 'mqtt://b', groupId: 'Plant', edgeNodeId: 'Line1', tags: ['Line1/', 'Line3/'], commands: { runAs: 'nobody', tags: ['Line2/Speed', 'Line1/Nope'] } }), TAGS, ROLES);
    expect(loaded.ok || loaded.error.message.split('\n')).toEqual([
      'sparkplug.json: tags[1]: no tag in the folder Line3/',
      'sparkplug.json: commands.tags[1]: no tag Line1/Nope',
      'sparkplug.json: commands.runAs: no role nobody (roles: operator, engineer)',
      'sparkplug.json: commands.tags[0]: Line2/Speed is not published (not in tags), so no host can command it',
    ]);
  });
});

describe('Sparkplug metric addresses', () => {
  it('take a group, an edge node, maybe a device, and a metric name that may hold slashes and colons', () => {
    expect(parseMetricAddress('Plant/Line1/Filler:Filler/Speed:max')).toEqual({ ok: true, value: { group: 'Plant', node: 'Line1', device: 'Filler', metric: 'Filler/Speed:max' } });
    expect(parseMetricAddress('Plant/Line1:bdSeq')).toEqual({ ok: true, value: { group: 'Plant', node: 'Line1', metric: 'bdSeq' } });
    expect(parseMetricAddress('Plant:Speed')).toMatchObject({
      ok: false,
      error: { message: '"Plant:Speed": before the colon come the group and the edge node, and optionally the device (e.g. Plant/Line1:Speed or Plant/Line1/Filler:Speed)' },
    });
    expect(parseMetricAddress('Plant/Line+1:Speed')).toMatchObject({ ok: false, error: { message: '"Plant/Line+1:Speed": the edge node "Line+1" contains /, + or #, which Sparkplug ids may not' } });
    expect(parseMetricAddress('Plant/Line1:')).toMatchObject({ ok: false, error: { message: '"Plant/Line1:": the metric name after the colon is empty' } });
  });
});

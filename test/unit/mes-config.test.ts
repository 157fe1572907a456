import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TagDefinitionSchema } from '../../common/tag.ts';
import { builtinConnectorTypes } from '../../main/core/mes/connector-types.ts';
import { loadMesConfig } from '../../main/core/mes/mes-config-loader.ts';
import { SecretResolver, withConnectorSecrets } from '../../main/core/secrets/secret-resolver.ts';

const dir = mkdtempSync(join(tmpdir(), 'lineside-mes-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const tags = [
  TagDefinitionSchema.parse({ path: 'L/Good', dataType: 'uint32', source: { device: 'd', address: 'a' } }),
  TagDefinitionSchema.parse({ path: 'L/State', dataType: 'int16', source: { device: 'd', address: 'b' } }),
  TagDefinitionSchema.parse({ path: 'L/Speed', dataType: 'float64', source: { device: 'd', address: 'c' } }),
];
const line = { workCentre: 'L', equipment: 'L', counters: { good: { tag: 'L/Good' }, reject: { tag: 'L/Good' } }, stateTag: 'L/State', downStates: [{ value: 5, category: 'unplanned' }] };
const connector = { id: 'erp', type: 'rest', options: { baseUrl: 'http://127.0.0.1:1/api' } };

async function load(doc: unknown) {
  writeFileSync(join(dir, 'mes.json'), typeof doc === 'string' ? doc : JSON.stringify(doc));
  return loadMesConfig(dir, tags, builtinConnectorTypes());
}

describe('mes.json', () => {
  it("checks the example project's lines against the tags it is given", async () => {
    // Its webhook secret is a reference into the station's secrets file (generated on the first start).
    const secrets = new SecretResolver({ get: (name) => (name === 'mes.erp.webhookSecret' ? 'a-webhook-secret-of-this-station' : undefined) }, dir);
    const r = await loadMesConfig(join(import.meta.dirname, '../../examples/bottling-line'), [], withConnectorSecrets(builtinConnectorTypes(), secrets));
    // The example's lines name tags of its own project, which this test did not load.
    expect(r).toMatchObject({ ok: false, error: { message: 'mes.json: lines[0].counters.good.tag: no tag Line1/Counters/Good' } });
  });

  it('is optional', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'lineside-mes-none-'));
    expect(await loadMesConfig(empty, tags, builtinConnectorTypes())).toMatchObject({ ok: true, value: { config: { connectors: [], lines: [] } } });
    rmSync(empty, { recursive: true });
  });

  it.each([
    ['{"connectors": [', 'mes.json: not valid JSON'],
    [{ connectors: [{ ...connector, type: 'soap' }] }, 'mes.json: connectors[0].type:'],
    [{ connectors: [{ ...connector, options: { baseUrl: 'not a url' } }] }, 'mes.json: connectors[0].options.baseUrl: must be an http(s) URL'],
    [{ connectors: [connector, connector] }, 'mes.json: connectors[1].id: connector id "erp" is used twice'],
    [{ lines: [{ ...line, stateTag: 'L/Nope' }] }, 'mes.json: lines[0].stateTag: no tag L/Nope'],
    [{ lines: [{ ...line, parameters: [{ name: 'Speed', tag: 'L/Speed' }] }] }, 'mes.json: lines[0].parameters[0].tag: tag L/Speed is not writable'],
    [{ connectors: [{ ...connector, mappings: { units: [{ external: 'CS', local: 'case' }] } }] }, 'mes.json: connectors[0].mappings.units[0].local: a unit is a UNECE Rec 20 code'],
  ])('refuses %j naming the field', async (doc, message) => {
    const r = await load(doc);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error.message).toContain(message);
  });
});

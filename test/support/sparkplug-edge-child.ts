// A station's Sparkplug edge node alone in a process, for tests that SIGKILL it: the broker then sends its
// will (NDEATH). Arguments: broker URL, data folder. Says "born" on stdout once its births are out.
import { systemClock } from '../../common/clock.ts';
import { dataValue } from '../../common/data-value.ts';
import { EdgeConfigSchema } from '../../main/core/sparkplug/edge-config.ts';
import { SparkplugEdgeNode } from '../../main/core/sparkplug/edge-node.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';
import { tag } from './tags.ts';

const [brokerUrl, dataDir] = process.argv.slice(2) as [string, string];
const engine = new TagEngine([tag({ path: 'Line1/Speed' })], systemClock);
engine.ingest([{ handle: 0, value: dataValue(42, 'Good', Date.now()) }]);
const edge = new SparkplugEdgeNode(EdgeConfigSchema.parse({ brokerUrl, groupId: 'Plant', edgeNodeId: 'Line1', tags: ['Line1/'], reconnectMs: 100 }), {
  engine,
  clock: systemClock,
  dataDir,
  audit: { record: () => undefined },
  log: () => undefined,
  write: async () => ({ ok: true, value: undefined }),
  permissionsOf: () => [],
  needsSignature: () => false,
});
edge.start();
const timer = setInterval(() => {
  if (edge.status !== 'ok') return;
  clearInterval(timer);
  process.stdout.write(`born ${edge.bdSeq}\n`);
}, 10);

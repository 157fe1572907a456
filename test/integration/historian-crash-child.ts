// Records three tags as fast as it can into the file given as argv[2], printing "flushed N" after each
// confirmed flush, until it is killed (SIGKILL by historian-crash.test.ts).
import { TagDefinitionSchema } from '../../common/tag.ts';
import { Historian } from '../../main/core/historian/historian.ts';
import { TagEngine } from '../../main/core/tags/tag-engine.ts';

const file = process.argv[2]!;
const clock = { now: () => Date.now() };
const tags = ['Crash/A', 'Crash/B', 'Crash/C'].map((path, i) => TagDefinitionSchema.parse({ path, dataType: 'float64', source: { device: 'd', address: `r${i}` }, history: { enabled: true, compressionDeviation: i === 2 ? 0.5 : 0 } }));
const engine = new TagEngine(tags, clock);
const started = await Historian.start(engine, clock, { file, batchMs: 20 });
if (!started.ok) throw new Error(started.error.message);
const historian = started.value;
let counter = 0;
const push = () => {
  const t = clock.now();
  for (let i = 0; i < 50; i++) {
    engine.ingest(tags.map((_, handle) => ({ handle, value: { value: handle === 2 ? Math.sin(counter / 50) * 10 : counter, quality: 'Good' as const, sourceTime: t, serverTime: t } })));
    counter++;
  }
};
for (;;) {
  for (let i = 0; i < 20; i++) {
    push();
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const upTo = counter;
  await historian.flush();
  process.stdout.write(`flushed ${upTo}\n`);
}

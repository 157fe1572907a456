// The historian's own thread: it owns the SQLite connection, so bulk writes and long queries never
// run on the event loop that serves operators. Requests are handled one at a time, in order.
import { parentPort } from 'node:worker_threads';
import { fail, ok, type Result } from '../../../common/result.ts';
import { gapAfterMs } from './compression.ts';
import type { HistorianMessage, HistorianRequest } from './protocol.ts';
import { runQuery, type FrameData } from './queries.ts';
import { Recorder, type RecorderTag } from './recorder.ts';
import { SqliteStorage } from './sqlite-storage.ts';

const port = parentPort!;
let storage: SqliteStorage | undefined;
let recorder: Recorder | undefined;
let tags: Array<RecorderTag & { id: number }> = [];
const byPath = new Map<string, RecorderTag & { id: number }>();

const send = (message: HistorianMessage) => port.postMessage(message);

function handle(request: HistorianRequest): Result<unknown> | undefined {
  switch (request.type) {
    case 'open': {
      storage = new SqliteStorage(request.file, { busyTimeoutMs: request.busyTimeoutMs });
      recorder = new Recorder(storage, request.tags, { retentionDays: request.retentionDays, maxPendingSamples: request.maxPendingSamples });
      recorder.onStatus = (status) => send({ type: 'status', status });
      const ids = storage.tagIds(request.tags.map((t) => t.path));
      tags = request.tags.map((t, i) => ({ ...t, id: ids[i]! }));
      for (const t of tags) byPath.set(t.path, t);
      return ok(recorder.status());
    }
    case 'ingest':
      recorder?.ingest(request.samples, request.now);
      send({ type: 'ingested', samples: request.samples.count });
      return undefined;
    case 'flush':
      recorder?.ingest(request.samples, request.now);
      return ok(recorder?.status());
    case 'query': {
      if (!storage) return fail('shutting-down', 'the historian is closed');
      const frames: FrameData[] = [];
      for (const [i, path] of request.query.tags.entries()) {
        const tag = byPath.get(path);
        if (!tag) return fail('not-found', `${path} has no history`, `tags[${i}]`);
        const frame = runQuery(storage, request.query, { path, id: tag.id, gapMs: gapAfterMs(tag.settings), step: request.step[i] ?? false }, request.now);
        if (!frame.ok) return frame;
        frames.push(frame.value);
      }
      return ok(frames);
    }
    case 'sizeReport':
      return storage ? ok(storage.size()) : fail('shutting-down', 'the historian is closed');
    case 'retention':
      return recorder ? ok(recorder.applyRetention(request.now)) : fail('shutting-down', 'the historian is closed');
    case 'injectFault':
      recorder?.injectFault(request.message, request.times);
      return ok(null);
    case 'close':
      storage?.close();
      storage = undefined;
      recorder = undefined;
      return ok(null);
  }
}

port.on('message', (request: HistorianRequest) => {
  let result: Result<unknown> | undefined;
  try {
    result = handle(request);
  } catch (error) {
    result = fail('internal', `historian: ${(error as Error).message}`);
  }
  if ('id' in request) send({ type: 'reply', id: request.id, result: result ?? ok(null) });
  if (request.type === 'close') port.close();
});

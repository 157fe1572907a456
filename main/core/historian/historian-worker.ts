// The historian's own thread: it owns the SQLite connection, so bulk writes and long queries never
// run on the event loop that serves operators. Requests are handled one at a time, in order.
import { parentPort } from 'node:worker_threads';
import type { HistorianStatus } from '../../../common/history.ts';
import { fail, ok, type Result } from '../../../common/result.ts';
import { gapAfterMs } from './compression.ts';
import type { HistorianMessage, HistorianRequest } from './protocol.ts';
import { runQuery, type FrameData } from './queries.ts';
import { Recorder, type RecorderTag, type SampleColumns } from './recorder.ts';
import { SqliteStorage } from './sqlite-storage.ts';
import { storeFailureOf } from '../storage/store-errors.ts';
import type { OpenProblem } from '../storage/open-store.ts';

const port = parentPort!;
let storage: SqliteStorage | undefined;
let recorder: Recorder | undefined;
let tags: Array<RecorderTag & { id: number }> = [];
const byPath = new Map<string, RecorderTag & { id: number }>();
/** The store could not be opened yet (a new file on a full disk): samples wait here, bounded, until it opens. */
let unopened: { request: Extract<HistorianRequest, { type: 'open' }>; samples: SampleColumns[]; count: number; dropped: number; triedAt: number; status: HistorianStatus } | undefined;
const REOPEN_EVERY_MS = 1000;
/** Worker time per batch window given to moving old rows into blocks (history files from before blocks). */
const MIGRATE_BUDGET_MS = 40;
/** After a failed migration step (disk full, a damaged block in the way) it waits this long (wall time) before trying again. */
const MIGRATE_RETRY_MS = 600_000;
let migrateAfter = 0;

const send = (message: HistorianMessage) => port.postMessage(message);

/** Opens the store; 'unavailable' (disk full, locked) means try again later, anything else is a refusal. */
function open(request: Extract<HistorianRequest, { type: 'open' }>): Result<HistorianStatus, OpenProblem> {
  const opened = SqliteStorage.open(request.file, { busyTimeoutMs: request.busyTimeoutMs });
  if (!opened.ok) return opened;
  try {
    const recording = new Recorder(opened.value, request.tags, { retentionDays: request.retentionDays, maxPendingSamples: request.maxPendingSamples });
    const ids = opened.value.tagIds(request.tags.map((t) => t.path));
    storage = opened.value;
    recorder = recording;
    tags = request.tags.map((t, i) => ({ ...t, id: ids[i]! }));
    for (const t of tags) byPath.set(t.path, t);
  } catch (error) {
    opened.value.close();
    // New tags could not be added to the file (disk full): the same as a store that cannot be opened yet.
    const failure = storeFailureOf(error);
    return { ok: false, error: { code: failure === 'other' ? 'internal' : 'unavailable', message: `cannot add new tags to ${request.file}: ${(error as Error).message}`, failure } };
  }
  recorder.onStatus = (status) => send({ type: 'status', status });
  return ok(recorder.status());
}

/** While unopened: tries again at most once a second (wall time); once open, records what waited, in order. */
function retryOpen(now: number): void {
  if (!unopened || Date.now() - unopened.triedAt < REOPEN_EVERY_MS) return;
  unopened.triedAt = Date.now();
  const opened = open(unopened.request);
  if (!opened.ok) {
    if (opened.error.code !== 'unavailable') return;
    unopened.status = { ...unopened.status, error: opened.error.message };
    return;
  }
  const waiting = unopened;
  unopened = undefined;
  for (const samples of waiting.samples) recorder!.ingest(samples, now);
  send({ type: 'status', status: { ...recorder!.status(), droppedSamples: recorder!.status().droppedSamples + waiting.dropped } });
}

/** Samples that arrive before the store opens: kept up to the pending bound, the oldest dropped first. */
function hold(samples: SampleColumns): void {
  if (!unopened) return;
  unopened.samples.push(samples);
  unopened.count += samples.count;
  while (unopened.count > unopened.request.maxPendingSamples && unopened.samples.length > 1) {
    const dropped = unopened.samples.shift()!;
    unopened.count -= dropped.count;
    unopened.dropped += dropped.count;
  }
  unopened.status = { ...unopened.status, pendingSamples: unopened.count, droppedSamples: unopened.dropped, receivedSamples: unopened.status.receivedSamples + samples.count };
  send({ type: 'status', status: unopened.status });
}

function handle(request: HistorianRequest): Result<unknown> | undefined {
  switch (request.type) {
    case 'open': {
      const opened = open(request);
      if (opened.ok || opened.error.code !== 'unavailable') return opened;
      const status: HistorianStatus = { state: 'retrying', error: opened.error.message, failure: opened.error.failure ?? 'other', pendingSamples: 0, droppedSamples: 0, storedSamples: 0, receivedSamples: 0 };
      unopened = { request, samples: [], count: 0, dropped: 0, triedAt: Date.now(), status };
      return ok(status);
    }
    case 'ingest':
      if (unopened) {
        hold(request.samples);
        retryOpen(request.now);
      } else if (recorder) {
        recorder.ingest(request.samples, request.now);
        // Rows (a file from before blocks, late points) move into blocks in the background, a slice per batch
        // (not while writes fail: the disk may be full). Without rows this is a look at the partition catalogue.
        if (storage && recorder.status().state === 'ok' && Date.now() >= migrateAfter && storage.migrateStep(MIGRATE_BUDGET_MS).failed) migrateAfter = Date.now() + MIGRATE_RETRY_MS;
        // While writes retry, what waits grows with each batch: the serving thread shows it.
        if (recorder.status().state === 'retrying') send({ type: 'status', status: recorder.status() });
      }
      send({ type: 'ingested', samples: request.samples.count });
      return undefined;
    case 'flush':
      if (unopened) {
        hold(request.samples);
        retryOpen(request.now);
        if (unopened) return ok(unopened.status);
      } else recorder?.ingest(request.samples, request.now);
      return ok(recorder?.status());
    case 'query': {
      if (!storage) return fail(unopened ? 'unavailable' : 'shutting-down', unopened ? `history cannot be read yet: ${unopened.status.error}` : 'the historian is closed');
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
      return storage ? ok(storage.size()) : fail(unopened ? 'unavailable' : 'shutting-down', 'the historian is closed');
    case 'retention':
      return recorder ? ok(recorder.applyRetention(request.now)) : fail(unopened ? 'unavailable' : 'shutting-down', 'the historian is closed');
    case 'check': {
      if (!storage) return ok(null);
      const checked = storage.check();
      if (checked.ok) return ok(null);
      // Writing on into a damaged file can only make it worse: recording stops, the status says why and how to restore.
      storage.close();
      storage = undefined;
      recorder = undefined;
      send({ type: 'status', status: { state: 'stopped', error: checked.error.message, failure: 'corrupt', pendingSamples: 0, droppedSamples: 0, storedSamples: 0, receivedSamples: 0 } });
      return checked;
    }
    case 'injectFault':
      recorder?.injectFault(request.message, request.times);
      return ok(null);
    case 'close':
      storage?.close();
      storage = undefined;
      recorder = undefined;
      unopened = undefined;
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

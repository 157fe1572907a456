import type { HistorianStatus, ParsedHistoryQuery } from '../../../common/history.ts';
import type { Result } from '../../../common/result.ts';
import type { RecorderTag, SampleColumns } from './recorder.ts';

/** The typed requests the serving thread sends to the historian worker. Those with an `id` are answered. */
export type HistorianRequest =
  | { type: 'open'; id: number; file: string; tags: RecorderTag[]; retentionDays: number; maxPendingSamples: number; busyTimeoutMs: number }
  | { type: 'ingest'; samples: SampleColumns; now: number }
  | { type: 'flush'; id: number; samples: SampleColumns; now: number }
  | { type: 'query'; id: number; query: ParsedHistoryQuery; step: boolean[]; now: number }
  | { type: 'sizeReport'; id: number }
  | { type: 'retention'; id: number; now: number }
  | { type: 'injectFault'; id: number; message: string; times: number }
  /** The whole file's quick_check, right after the open; a damaged file stops the recording. */
  | { type: 'check'; id: number }
  | { type: 'close'; id: number };

export type HistorianMessage =
  | { type: 'reply'; id: number; result: Result<unknown> }
  | { type: 'status'; status: HistorianStatus }
  /** An `ingest` batch was taken (written or queued for retry): the serving thread's backpressure. */
  | { type: 'ingested'; samples: number };

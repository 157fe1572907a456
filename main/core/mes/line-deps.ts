import type { ProductRecipe } from '../../../common/mes-config.ts';
import type { TagEngine } from '../tags/tag-engine.ts';
import type { TagWriter } from '../tags/tag-writer.ts';
import type { Caller } from './audit.ts';
import type { MesStore } from './mes-store.ts';
import type { Enqueue } from './outbox.ts';
import type { LotBook } from '../lots/lot-book.ts';

/** What a line's tracker and its downtime recorder are given by the MES service. */
export interface LineDeps {
  engine: TagEngine;
  writer: TagWriter;
  store: MesStore;
  enqueue(e: Omit<Enqueue, 'connector'> & { connector?: string }): void;
  audit(user: Caller, action: string, target: string, detail: unknown): void;
  now(): number;
  timeZone: string;
  /** How long a written parameter may take to read back. */
  verifyTimeoutMs: number;
  changed(keys: string[]): void;
  /** The project's recipe defaults per product (mes.json `products`). */
  products(): readonly ProductRecipe[];
  /** Output lots, the lots in use at the line, and the genealogy links (issue 20). */
  lots: LotBook;
}

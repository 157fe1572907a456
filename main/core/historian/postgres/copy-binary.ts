/**
 * Rows of `samples` in PostgreSQL's binary COPY format (COPY ... FROM STDIN (FORMAT binary)): no text
 * formatting of times and numbers on either side. Layout: a signature, flags and header extension;
 * per row the field count and each field as a length (-1 for NULL) and its bytes in network order;
 * a trailer of -1. `timestamptz` is microseconds since 2000-01-01 UTC as int64.
 */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
const PG_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;

/** One sample row: the central tag id, time (epoch ms), number or string or null, OPC UA status code. */
export class SampleCopyWriter {
  private buf: Buffer;
  private at = 0;
  rows = 0;

  constructor(capacity = 1 << 20) {
    this.buf = Buffer.allocUnsafe(capacity);
    SIGNATURE.copy(this.buf, 0);
    this.buf.writeInt32BE(0, 11); // flags
    this.buf.writeInt32BE(0, 15); // header extension length
    this.at = 19;
  }

  add(tag: number, t: number, v: number | string | null, q: number): void {
    const text = typeof v === 'string' ? Buffer.from(v, 'utf8') : undefined;
    this.room(2 + 8 + 12 + 8 + (text ? 4 + text.length : 12) + 8);
    const b = this.buf;
    let at = this.at;
    at = b.writeInt16BE(5, at);
    at = b.writeInt32BE(4, at);
    at = b.writeInt32BE(tag, at);
    at = b.writeInt32BE(8, at);
    // Microseconds since 2000 as int64, from a double (exact below 2^53 µs, i.e. for the next 285 years).
    const us = (t - PG_EPOCH_MS) * 1000;
    const hi = Math.floor(us / TWO_32);
    at = b.writeInt32BE(hi, at);
    at = b.writeUInt32BE(us - hi * TWO_32, at);
    if (typeof v === 'number' && !Number.isNaN(v)) {
      at = b.writeInt32BE(8, at);
      at = b.writeDoubleBE(v, at);
    } else at = b.writeInt32BE(-1, at);
    if (text) {
      at = b.writeInt32BE(text.length, at);
      at += text.copy(b, at);
    } else at = b.writeInt32BE(-1, at);
    at = b.writeInt32BE(4, at);
    at = b.writeInt32BE(q | 0, at);
    this.at = at;
    this.rows++;
  }

  /** The whole COPY stream (with its trailer). */
  finish(): Buffer {
    this.room(2);
    this.buf.writeInt16BE(-1, this.at);
    return this.buf.subarray(0, this.at + 2);
  }

  private room(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }
}

/** A block that cannot be decoded: the message says what is wrong with it. Never a crash or a wrong value. */
export class CorruptBlockError extends Error {
  constructor(message: string) {
    super(`corrupt history block: ${message}`);
    this.name = 'CorruptBlockError';
  }
}

/** Bits appended most significant first into a growing byte array (32 at a time). */
export class BitWriter {
  private buf: Uint8Array;
  private pos = 0;
  /** Bits waiting for a full 32-bit word (fewer than 32, in the low bits), and how many. */
  private acc = 0;
  private nbits = 0;

  constructor(capacity = 64) {
    this.buf = new Uint8Array(capacity);
  }

  get bitLength(): number {
    return this.pos * 8 + this.nbits;
  }

  /** The low `n` bits of `value` (n <= 32). */
  writeBits(value: number, n: number): void {
    if (n === 0) return;
    const v = n === 32 ? value >>> 0 : (value & ((1 << n) - 1)) >>> 0;
    const free = 32 - this.nbits;
    if (n < free) {
      this.acc = ((this.acc << n) | v) >>> 0;
      this.nbits += n;
      return;
    }
    const rest = n - free;
    const word = this.nbits === 0 ? v : ((this.acc << free) | (v >>> rest)) >>> 0;
    if (this.pos + 4 > this.buf.length) this.grow();
    const buf = this.buf;
    buf[this.pos] = word >>> 24;
    buf[this.pos + 1] = word >>> 16;
    buf[this.pos + 2] = word >>> 8;
    buf[this.pos + 3] = word;
    this.pos += 4;
    this.acc = rest === 0 ? 0 : v & ((1 << rest) - 1);
    this.nbits = rest;
  }

  writeBit(bit: number): void {
    this.writeBits(bit, 1);
  }

  /** An unsigned integer up to 2^53, 7 bits per group. */
  writeVarint(n: number): void {
    while (n >= 128) {
      this.writeBits((n % 128) | 128, 8);
      n = Math.floor(n / 128);
    }
    this.writeBits(n, 8);
  }

  /** Exp-Golomb (order 0) of x < 2^31: small x in few bits (0 → 1 bit, 1-2 → 3 bits, 1023 → 21 bits). */
  writeExpGolomb(x: number): void {
    const v = x + 1;
    const len = 32 - Math.clz32(v);
    this.writeBits(0, len - 1);
    this.writeBits(v, len);
  }

  /** How many bytes `bytes()` gives. */
  get byteLength(): number {
    return this.pos + Math.ceil(this.nbits / 8);
  }

  /** The bytes so far, the last one padded with zero bits; the writer is left as it was. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.byteLength);
    this.copyTo(out, 0);
    return out;
  }

  /** Writes what `bytes()` gives into `out` from `at`, without allocating. */
  copyTo(out: Uint8Array, at: number): void {
    out.set(this.buf.subarray(0, this.pos), at);
    const tail = Math.ceil(this.nbits / 8);
    const word = this.nbits === 0 ? 0 : (this.acc << (32 - this.nbits)) >>> 0;
    for (let i = 0; i < tail; i++) out[at + this.pos + i] = word >>> (24 - 8 * i);
  }

  /** Makes this writer a copy of `other` (reusing its own buffer where it is big enough), to finish without changing `other`. */
  copyFrom(other: BitWriter): this {
    if (this.buf.length < other.pos + 8) this.buf = new Uint8Array(Math.max(64, other.buf.length, other.pos + 8));
    this.buf.set(other.buf.subarray(0, other.pos));
    this.pos = other.pos;
    this.acc = other.acc;
    this.nbits = other.nbits;
    return this;
  }

  private grow(): void {
    const next = new Uint8Array(Math.max(64, this.buf.length * 2));
    next.set(this.buf);
    this.buf = next;
  }
}

/** Reads what a BitWriter wrote; every read past the end is a CorruptBlockError naming the section. */
export class BitReader {
  private readonly buf: Uint8Array;
  private readonly section: string;
  private bit = 0;

  constructor(buf: Uint8Array, section: string) {
    this.buf = buf;
    this.section = section;
  }

  readBits(n: number): number {
    if (this.bit + n > this.buf.length * 8) throw new CorruptBlockError(`the ${this.section} section ends early`);
    let value = 0;
    while (n > 0) {
      const byte = this.buf[this.bit >>> 3]!;
      const offset = this.bit & 7;
      const avail = 8 - offset;
      const take = n < avail ? n : avail;
      value = value * (1 << take) + ((byte >>> (avail - take)) & ((1 << take) - 1));
      this.bit += take;
      n -= take;
    }
    return value;
  }

  /** Whole bytes read so far (a started byte counts). */
  get bytesRead(): number {
    return Math.ceil(this.bit / 8);
  }

  bitsLeft(): number {
    return this.buf.length * 8 - this.bit;
  }

  readBit(): number {
    return this.readBits(1);
  }

  readVarint(): number {
    let value = 0;
    let scale = 1;
    for (let group = 0; group < 8; group++) {
      const byte = this.readBits(8);
      value += (byte & 127) * scale;
      if (byte < 128) {
        if (value > Number.MAX_SAFE_INTEGER) break;
        return value;
      }
      scale *= 128;
    }
    throw new CorruptBlockError(`a number in the ${this.section} section is too long`);
  }

  readExpGolomb(): number {
    let zeros = 0;
    while (this.readBit() === 0) if (++zeros > 30) throw new CorruptBlockError(`a run length in the ${this.section} section is too long`);
    return 2 ** zeros + (zeros > 0 ? this.readBits(zeros) : 0) - 1;
  }

  /** The section must be used up: what is left is only the padding of the last byte, all zero. */
  expectEnd(): void {
    const left = this.buf.length * 8 - this.bit;
    if (left >= 8 || (left > 0 && this.readBits(left) !== 0)) throw new CorruptBlockError(`the ${this.section} section has ${Math.ceil(left / 8)} byte(s) left over`);
  }
}

// Draws build/icon.png (512×512, what electron-builder turns into the Linux and Windows icons) with
// no image tool: a dark panel with a green trend line and an amber alarm lamp, anti-aliased.
// Run: npm exec -- node build/make-icon.ts
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 512;
type Rgb = [number, number, number];
const PANEL: Rgb = [0x1f, 0x29, 0x37];
const GRID: Rgb = [0x37, 0x41, 0x51];
const TREND: Rgb = [0x22, 0xc5, 0x5e];
const LAMP: Rgb = [0xf5, 0x9e, 0x0b];
const TREND_POINTS: [number, number][] = [
  [88, 360],
  [170, 300],
  [236, 330],
  [304, 210],
  [372, 250],
  [424, 150],
];

function distanceToSegment(px: number, py: number, [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** Signed distance to the rounded square (negative inside). */
function panelDistance(x: number, y: number): number {
  const half = 232;
  const radius = 96;
  const qx = Math.abs(x - SIZE / 2) - (half - radius);
  const qy = Math.abs(y - SIZE / 2) - (half - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

const coverage = (distance: number): number => Math.max(0, Math.min(1, 0.5 - distance));
const mix = (a: Rgb, b: Rgb, t: number): Rgb => [0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * t) as Rgb;

function pixel(x: number, y: number): [number, number, number, number] {
  const alpha = coverage(panelDistance(x, y));
  if (alpha === 0) return [0, 0, 0, 0];
  let color = PANEL;
  for (const gy of [150, 250, 350]) color = mix(color, GRID, coverage(Math.abs(y - gy) - 2));
  let trend = Infinity;
  for (let i = 1; i < TREND_POINTS.length; i++) {
    trend = Math.min(trend, distanceToSegment(x, y, TREND_POINTS[i - 1]!, TREND_POINTS[i]!));
  }
  color = mix(color, TREND, coverage(trend - 14));
  color = mix(color, LAMP, coverage(Math.hypot(x - 140, y - 140) - 34));
  return [...color.map(Math.round), Math.round(alpha * 255)] as [number, number, number, number];
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

export function iconPng(): Buffer {
  const rows = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let y = 0; y < SIZE; y++) {
    const row = y * (SIZE * 4 + 1); // each row starts with filter type 0 (none)
    for (let x = 0; x < SIZE; x++) rows.set(pixel(x + 0.5, y + 0.5), row + 1 + x * 4);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

if (import.meta.main) writeFileSync(new URL('./icon.png', import.meta.url), iconPng());

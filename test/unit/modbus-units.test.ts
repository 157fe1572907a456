import { describe, expect, it } from 'vitest';
import { RegisterLocks } from '../../drivers/modbus/register-locks.ts';
import { UnitHealth } from '../../drivers/modbus/unit-health.ts';
import { crc16, replyLength } from '../../drivers/modbus/rtu-port.ts';

describe('modbus unit health', () => {
  it('a unit that does not answer is asked again after a doubling, capped backoff; an answer clears it', () => {
    let now = 1_000_000;
    // The jitter at the top of its window: each wait is its ceiling less 1 ms.
    const health = new UnitHealth(
      { minMs: 1000, maxMs: 4000 },
      () => now,
      () => 0.9999,
    );
    let changes = 0;
    health.onDidChange(() => changes++);
    health.track([1, 2]);
    expect(health.list().map((u) => [u.unitId, u.state])).toEqual([
      [1, 'unknown'],
      [2, 'unknown'],
    ]);

    health.answered(1, 12.5);
    health.silent(2);
    expect(health.state(1)).toBe('ok');
    expect(health.list()[1]).toMatchObject({ unitId: 2, state: 'no-response', error: 'no response from unit 2', timeouts: 1, since: now });
    expect(health.isDue(1)).toBe(true);
    expect(health.isDue(2)).toBe(false);
    const gaps: number[] = [];
    for (let i = 0; i < 5; i++) {
      const next = health.list()[1]!.nextTryAt!;
      gaps.push(next - now);
      now = next;
      expect(health.isDue(2)).toBe(true);
      health.silent(2);
    }
    // Ceilings of 1 s, 2 s, 4 s, 4 s, 4 s.
    expect(gaps).toEqual([999, 1999, 3999, 3999, 3999]);
    expect(health.allSilent()).toBe(false);
    health.answered(2, 30);
    expect(health.list()[1]).toMatchObject({ state: 'ok', roundTripMs: 30 });
    expect(health.list()[1]!.error).toBeUndefined();
    // Track, answer 1, silence 2, answer 2: four state changes; repeated silences are not changes.
    expect(changes).toBe(4);
  });

  it('spreads the waits over the whole window below the ceiling (full jitter)', () => {
    let now = 0;
    const draws = [0.5, 0.25, 0];
    const health = new UnitHealth(
      { minMs: 1000, maxMs: 4000 },
      () => now,
      () => draws.shift()!,
    );
    health.track([2]);
    const gaps: number[] = [];
    for (let i = 0; i < 3; i++) {
      health.silent(2);
      gaps.push(health.list()[0]!.nextTryAt! - now);
      now = health.list()[0]!.nextTryAt!;
    }
    expect(gaps).toEqual([500, 500, 0]);
    expect(health.isDue(2)).toBe(true);
  });

  it('all silent only when every tracked unit does not answer; a reconnect asks every unit again', () => {
    const health = new UnitHealth({ minMs: 10, maxMs: 10 }, () => 0);
    expect(health.allSilent()).toBe(false);
    health.track([3, 4]);
    health.silent(3);
    expect(health.allSilent()).toBe(false);
    health.silent(4);
    expect(health.allSilent()).toBe(true);
    health.reset();
    expect(health.list().map((u) => u.state)).toEqual(['unknown', 'unknown']);
    expect(health.isDue(3)).toBe(true);
    health.track([4]);
    expect(health.list().map((u) => u.unitId)).toEqual([4]);
  });
});

describe('modbus register locks', () => {
  it('holders of one register go one after the other; other registers do not wait', async () => {
    const locks = new RegisterLocks();
    const log: string[] = [];
    let releaseFirst!: () => void;
    const first = locks.run(['1/hr:5'], async () => {
      log.push('first in');
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      log.push('first out');
    });
    const second = locks.run(['1/hr:5'], async () => void log.push('second'));
    const other = locks.run(['1/hr:6'], async () => void log.push('other'));
    await other;
    expect(log).toEqual(['first in', 'other']);
    releaseFirst();
    await Promise.all([first, second]);
    expect(log).toEqual(['first in', 'other', 'first out', 'second']);
    expect(locks.size).toBe(0);
  });

  it('overlapping sets of registers never wait for each other in a circle, and a failing holder releases', async () => {
    const locks = new RegisterLocks();
    const done = await Promise.all([
      locks.run(['1/hr:2', '1/hr:1'], async () => 'a'),
      locks.run(['1/hr:1', '1/hr:2'], async () => 'b'),
      locks
        .run(['1/hr:2'], async () => {
          throw new Error('refused');
        })
        .catch((error: Error) => error.message),
      locks.run(['1/hr:2'], async () => 'c'),
    ]);
    expect(done).toEqual(['a', 'b', 'refused', 'c']);
    expect(locks.size).toBe(0);
  });
});

describe('modbus RTU framing', () => {
  it('knows the reply length of every request it sends, FC22 included', () => {
    const frame = (fc: number, a: number, b: number) => Buffer.from([1, fc, a >> 8, a & 0xff, b >> 8, b & 0xff]);
    expect(replyLength(frame(3, 0, 10))).toBe(25);
    expect(replyLength(frame(1, 0, 9))).toBe(7);
    expect(replyLength(frame(6, 0, 1))).toBe(8);
    expect(replyLength(frame(22, 0, 0xfff7))).toBe(10);
    expect(replyLength(frame(43, 0, 0))).toBeUndefined();
  });

  it('CRC-16/MODBUS as the spec computes it', () => {
    // Read holding registers 0..1 of unit 1: 01 03 00 00 00 02, CRC C4 0B (low byte first).
    expect(crc16(Buffer.from([1, 3, 0, 0, 0, 2]))).toBe(0x0bc4);
  });
});

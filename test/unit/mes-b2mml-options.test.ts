import { describe, expect, it } from 'vitest';
import { fileSafe } from '../../main/core/mes/atomic-file.ts';
import { retryAfterMs } from '../../main/core/mes/b2mml/http-client.ts';
import { B2mmlFolderOptionsSchema, B2mmlHttpOptionsSchema, resolveSecret } from '../../main/core/mes/b2mml/options.ts';

describe('B2MML connector options', () => {
  it('fills defaults for a minimal configuration', () => {
    expect(B2mmlHttpOptionsSchema.parse({ baseUrl: 'http://mes:8720/b2mml' })).toMatchObject({
      senderId: 'LINESIDE',
      performancePath: '/performance',
      schedulesPath: '/schedules',
      confirmPath: '/confirm',
      pollIntervalMs: 5_000,
      validateOutbound: false,
    });
    expect(B2mmlFolderOptionsSchema.parse({ inboundDir: 'mes/in', outboundDir: 'mes/out' })).toMatchObject({ settleMs: 1_000, awaitConfirm: false });
  });

  it('refuses bad settings, naming the field', () => {
    const http: Array<[Record<string, unknown>, string]> = [
      [{ baseUrl: 'ftp://mes' }, 'baseUrl'],
      [{ baseUrl: 'http://mes', performancePath: 'performance' }, 'performancePath'],
      [{ baseUrl: 'http://mes', senderId: 'has space' }, 'senderId'],
      [{ baseUrl: 'http://mes', pollIntervalMs: -1 }, 'pollIntervalMs'],
      [{ baseUrl: 'http://mes', retries: 3 }, ''],
    ];
    for (const [input, field] of http) {
      const result = B2mmlHttpOptionsSchema.safeParse(input);
      expect(result.success ? 'accepted' : result.error.issues[0]!.path.join('.')).toBe(field);
    }
    const folder = B2mmlFolderOptionsSchema.safeParse({ inboundDir: '', outboundDir: 'out' });
    expect(folder.success ? 'accepted' : folder.error.issues[0]!.path.join('.')).toBe('inboundDir');
  });

  it('reads ${NAME} secrets from the environment', () => {
    expect(resolveSecret('${MES_TOKEN}', { MES_TOKEN: 's3cret' })).toBe('s3cret');
    expect(resolveSecret('literal', {})).toBe('literal');
    expect(resolveSecret('${MISSING}', {})).toBeUndefined();
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-01T06:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Sun, 01 Mar 2026 06:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sun, 01 Mar 2026 05:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });

  it('turns keys into file names Windows shares accept', () => {
    expect(fileSafe('erp:WO-1.c1')).toBe('erp_WO-1.c1');
    expect(fileSafe('../x')).toBe('.._x');
  });
});

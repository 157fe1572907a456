import { describe, expect, it } from 'vitest';
import { LotRuleSchema } from '../../common/lots.ts';
import { formatLotNumber, lotPatternProblem, sequenceScope } from '../../main/core/lots/lot-numbering.ts';

// 2026-12-07 23:30 UTC is already the 8th in Berlin (00:30 CET): the plant's day names the lot.
const AT = Date.UTC(2026, 11, 7, 23, 30);

describe('lot numbers', () => {
  it('fills line, local date and a padded sequence (the default rule)', () => {
    const rule = LotRuleSchema.parse({});
    expect(rule).toEqual({ pattern: '{line}{yyMMdd}{seq:3}', newLot: 'order' });
    expect(formatLotNumber({ pattern: rule.pattern, line: 'Line1', order: 'WO-1', product: 'P', at: AT, timeZone: 'Europe/Berlin', seq: 7 })).toBe('Line1261208007');
    expect(formatLotNumber({ pattern: rule.pattern, line: 'Line1', order: 'WO-1', product: 'P', at: AT, timeZone: 'UTC', seq: 7 })).toBe('Line1261207007');
  });

  it('takes order, product, shift, hour and year placeholders; cleans values to the lot alphabet', () => {
    const n = formatLotNumber({ pattern: '{product}.{order}-{shift}-{yyyy}{MM}{dd}{HH}-{seq}', line: 'L', order: 'WO 9', product: 'SODA-05', at: AT, timeZone: 'Europe/Berlin', shift: 'Night', seq: 12 });
    expect(n).toBe('SODA-05.WO_9-Night-2026120800-12');
  });

  it('a sequence longer than its digits is not cut', () => {
    expect(formatLotNumber({ pattern: 'X{seq:2}', line: 'L', order: 'O', product: 'P', at: AT, timeZone: 'UTC', seq: 123 })).toBe('X123');
  });

  it('names an unknown placeholder and refuses a pattern without {seq}', () => {
    expect(lotPatternProblem('{line}{yyMMdd}{seqq}')).toBe('unknown placeholder {seqq} in lot pattern {line}{yyMMdd}{seqq}');
    expect(lotPatternProblem('-{seq}')).toBe('lot pattern -{seq} must start with a letter or digit');
    expect(lotPatternProblem('{line}{seq:3}')).toBeUndefined();
    expect(lotPatternProblem('{line}/{seq:3}')).toBe('lot pattern {line}/{seq:3} has characters a lot number cannot have (it may have letters, digits, ., _, : and -)');
    const noSeq = LotRuleSchema.safeParse({ pattern: '{line}{yyMMdd}' });
    expect(noSeq.success).toBe(false);
    expect(noSeq.error?.issues[0]?.message).toBe('the pattern needs {seq} or {seq:N}, so two lots of one day differ');
  });

  it('counts sequences per line, product and the plant’s local day', () => {
    expect(sequenceScope('Line1', 'P', AT, 'Europe/Berlin')).toBe('Line1|P|2026-12-08');
    expect(sequenceScope('Line1', 'P', AT, 'UTC')).toBe('Line1|P|2026-12-07');
  });
});

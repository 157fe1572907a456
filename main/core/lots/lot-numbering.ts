import { DateTime } from 'luxon';
import { LotIdSchema } from '../../../common/lots.ts';

/** What a lot number is made of: where and when the lot opens, and its number in the day. */
export interface LotNumberInput {
  pattern: string;
  line: string;
  order: string;
  product: string;
  /** When the lot opens (epoch ms), shown in the plant's time zone. */
  at: number;
  timeZone: string;
  shift?: string;
  seq: number;
}

const SAFE = /[^A-Za-z0-9._:-]/g;

/**
 * A lot number from a product's pattern (`{line}{yyMMdd}{seq:3}` → `Line1261207001`). Field values
 * are cleaned to the lot alphabet (a space in a line name becomes `_`); an unknown placeholder is an
 * error naming it, so a typo in mes.json is found when the project loads, not at the first lot.
 */
export function formatLotNumber(input: LotNumberInput): string {
  const local = DateTime.fromMillis(input.at, { zone: input.timeZone });
  const clean = (s: string) => s.replace(SAFE, '_');
  return input.pattern.replace(/\{([A-Za-z]+)(?::(\d))?\}/g, (whole, name: string, digits: string | undefined) => {
    switch (name) {
      case 'line':
        return clean(input.line);
      case 'order':
        return clean(input.order);
      case 'product':
        return clean(input.product);
      case 'shift':
        return clean(input.shift ?? 'X');
      case 'seq':
        return String(input.seq).padStart(digits ? Number(digits) : 1, '0');
      case 'yyyy':
      case 'yy':
      case 'MM':
      case 'dd':
      case 'HH':
      case 'yyMMdd':
      case 'yyyyMMdd':
        return local.toFormat(name);
      default:
        throw new Error(`unknown placeholder ${whole} in lot pattern ${input.pattern}`);
    }
  });
}

/** Why a pattern cannot be used (an unknown placeholder, or a number that is not a valid lot id), if so. */
export function lotPatternProblem(pattern: string): string | undefined {
  try {
    const sample = formatLotNumber({ pattern, line: 'L', order: 'O', product: 'P', at: 0, timeZone: 'UTC', shift: 'S', seq: 1 });
    if (!/^[A-Za-z0-9]/.test(sample)) return `lot pattern ${pattern} must start with a letter or digit`;
    if (sample.length > 100) return `lot pattern ${pattern} makes lot numbers longer than 100 characters`;
    if (!LotIdSchema.safeParse(sample).success) return `lot pattern ${pattern} has characters a lot number cannot have (it may have letters, digits, ., _, : and -)`;
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The scope a {seq} counts in: per line, product and local day (so numbers restart each day). */
export function sequenceScope(line: string, product: string, at: number, timeZone: string): string {
  return `${line}|${product}|${DateTime.fromMillis(at, { zone: timeZone }).toFormat('yyyy-MM-dd')}`;
}

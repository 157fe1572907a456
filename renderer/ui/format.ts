/**
 * Dates, times, numbers and units as the plant reads them: one locale and the plant's time zone
 * (session.info), whatever the browser's settings are. Every display formats through here, so a
 * control room sees one date style on every screen, and formatters are made once and cached.
 */

/**
 * The locale of the language the person reads (i18n/language.ts sets it when the language changes):
 * English is en-GB (day-month order, 24-hour clock, '.' decimals and ',' thousands), German de-DE. The
 * time zone is always the plant's. Texts that programs read (`formatIsoDateTime`, `formatIsoOffset`,
 * datetime-local inputs) take their parts from MACHINE_LOCALE whatever the language.
 */
let plantLocale = 'en-GB';
const MACHINE_LOCALE = 'en-GB-u-nu-latn';
let plantTimeZone: string | undefined;

/** Set from session.info once the session is known; until then (and in tests) the browser's zone. */
export function setPlantFormat(settings: { readonly timeZone: string | undefined; readonly locale?: string | undefined }): void {
  plantTimeZone = settings.timeZone;
  if (settings.locale) plantLocale = settings.locale;
}

/** The language's locale for numbers and dates (cached formatters are per locale, so a change shows at the next render). */
export function setFormatLocale(locale: string): void {
  plantLocale = locale;
}

export function currentFormatLocale(): string {
  return plantLocale;
}

export function currentPlantTimeZone(): string | undefined {
  return plantTimeZone;
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** A cached formatter in the plant's locale and (unless `timeZone` is given) the plant's time zone. */
export function dateTimeFormat(options: Intl.DateTimeFormatOptions, timeZone: string | undefined = plantTimeZone, locale: string = plantLocale): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone ?? ''}|${JSON.stringify(options)}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...options, ...(timeZone ? { timeZone } : {}) });
    dateTimeFormats.set(key, format);
  }
  return format;
}

const HMS = { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' } as const;
const HM = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } as const;
const DMY = { year: 'numeric', month: '2-digit', day: '2-digit' } as const;

/** `14:03:07`; `14:03` without seconds; `14:03:07.2` with tenths. */
export function formatClock(epochMs: number, timeZone?: string, precision: 'minutes' | 'seconds' | 'tenths' = 'seconds'): string {
  const options = precision === 'minutes' ? HM : precision === 'tenths' ? { ...HMS, fractionalSecondDigits: 1 as const } : HMS;
  return dateTimeFormat(options, timeZone ?? plantTimeZone).format(epochMs);
}

/** `07/12/2026, 14:03:07` (or `07/12/2026, 14:03` with `precision: 'minutes'`). */
export function formatDateTime(epochMs: number, timeZone?: string, precision: 'minutes' | 'seconds' = 'seconds'): string {
  return dateTimeFormat({ ...DMY, ...(precision === 'minutes' ? HM : HMS) }, timeZone ?? plantTimeZone).format(epochMs);
}

/** `07 Dec, 14:03`: a time in the last days, where the year goes without saying. */
export function formatDayTime(epochMs: number, timeZone?: string): string {
  return dateTimeFormat({ day: '2-digit', month: 'short', ...HM }, timeZone ?? plantTimeZone).format(epochMs);
}

/** An ISO time text from the runtime (MES timestamps) as `formatDayTime`; a text that is no time shows as it came. */
export function formatDayTimeText(iso: string, timeZone?: string): string {
  const epochMs = Date.parse(iso);
  return Number.isNaN(epochMs) ? iso : formatDayTime(epochMs, timeZone);
}

/** `7 Dec 2026`: a day (certificate validity, expiry). */
export function formatDate(epochMs: number, timeZone?: string): string {
  return dateTimeFormat({ day: 'numeric', month: 'short', year: 'numeric' }, timeZone ?? plantTimeZone).format(epochMs);
}

/** `2026-12-07 14:03:07`: ISO-like, for values and files where the order must be unambiguous. */
export function formatIsoDateTime(epochMs: number, timeZone?: string): string {
  const parts = Object.fromEntries(
    dateTimeFormat({ ...DMY, ...HMS }, timeZone ?? plantTimeZone, MACHINE_LOCALE)
      .formatToParts(epochMs)
      .map((p) => [p.type, p.value]),
  );
  return `${parts['year']}-${parts['month']}-${parts['day']} ${parts['hour']}:${parts['minute']}:${parts['second']}`;
}

/**
 * `2026-12-07T15:03:07.250+01:00`: ISO 8601 in the plant's time zone with its UTC offset, for files that
 * programs read (the offset makes it unambiguous across a daylight-saving change).
 */
export function formatIsoOffset(epochMs: number, timeZone?: string): string {
  const parts = Object.fromEntries(
    dateTimeFormat({ ...DMY, ...HMS }, timeZone ?? plantTimeZone, MACHINE_LOCALE)
      .formatToParts(epochMs)
      .map((p) => [p.type, p.value]),
  );
  const ms = ((epochMs % 1000) + 1000) % 1000;
  const offset = zoneOffsetMinutes(epochMs, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const hhmm = `${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${parts['year']}-${parts['month']}-${parts['day']}T${parts['hour']}:${parts['minute']}:${parts['second']}.${String(ms).padStart(3, '0')}${sign}${hhmm}`;
}

/** The UTC offset (minutes) of the plant's (or the given) time zone at that instant. */
export function zoneOffsetMinutes(epochMs: number, timeZone?: string): number {
  const parts = Object.fromEntries(
    dateTimeFormat({ ...DMY, ...HMS }, timeZone ?? plantTimeZone, MACHINE_LOCALE)
      .formatToParts(epochMs)
      .map((p) => [p.type, p.value]),
  );
  const wall = Date.UTC(Number(parts['year']), Number(parts['month']) - 1, Number(parts['day']), Number(parts['hour']), Number(parts['minute']), Number(parts['second']));
  return Math.round((wall - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/** `2026-12-07T14:00` as wall time in the plant's (or the given) zone → epoch ms; undefined when not a date-time. */
export function plantWallTime(text: string, timeZone?: string): number | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)$/.exec(text);
  if (!m) return undefined;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]));
  // The offset at the guess, then at the answer (they differ only next to a daylight-saving change).
  const first = wall - zoneOffsetMinutes(wall, timeZone) * 60_000;
  return wall - zoneOffsetMinutes(first, timeZone) * 60_000;
}

/** Epoch ms → `2026-12-07T14:00` wall time in the plant's (or the given) zone, for datetime-local inputs. */
export function plantWallInput(epochMs: number, timeZone?: string): string {
  return formatIsoOffset(epochMs, timeZone).slice(0, 16);
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(decimals: number | undefined): Intl.NumberFormat {
  const key = `${plantLocale}|${decimals ?? ''}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(plantLocale, decimals === undefined ? {} : { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    numberFormats.set(key, format);
  }
  return format;
}

/** `1,234.5` with the tag's fixed decimals. */
export function formatNumber(value: number, decimals: number): string {
  return numberFormat(decimals).format(value);
}

/** `12,400`: a count, grouped, no decimals. */
export function formatCount(value: number): string {
  return numberFormat(0).format(value);
}

/** `12.5 kg`; the number alone when there is no unit. */
export function formatQuantity(value: number, decimals: number, unit: string | undefined): string {
  const text = formatNumber(value, decimals);
  return unit ? `${text} ${unit}` : text;
}

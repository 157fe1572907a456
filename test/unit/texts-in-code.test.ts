import { afterAll, describe, expect, it } from 'vitest';
import { NEEDS_PERMISSION_TEXTS, PERMISSION_PHRASES } from '../../common/permission-phrases.ts';
import { QUALITIES, QUALITY_WORDS } from '../../common/quality.ts';
import { failWith, problemWith, REASON_TEXTS, reasonMessage } from '../../common/reasons.ts';
import { CallError } from '../../renderer/client/call-error.ts';
import { CATALOGUES, i18n, type Language } from '../../renderer/i18n/i18n.ts';
import { refusalText, reasonOf } from '../../renderer/ui/Feedback.tsx';
import { needsPermissionText, permissionText, problemText, qualityText } from '../../renderer/ui/texts.ts';
import { formatValue } from '../../renderer/ui/value-format.ts';
import { accessFor } from '../../renderer/ui/access.tsx';
import { REPORT_CATALOGUES, reportLanguage, reportWords } from '../../main/core/i18n/report-words.ts';

/** Flat `a.b.c` → text of a catalogue subtree. */
function flat(tree: unknown, prefix = ''): Record<string, string> {
  if (typeof tree === 'string') return { [prefix.slice(0, -1)]: tree };
  return Object.assign({}, ...Object.entries(tree as Record<string, unknown>).map(([key, value]) => flat(value, `${prefix}${key}.`)));
}

async function inLanguage(language: Language): Promise<void> {
  await i18n.changeLanguage(language);
}

afterAll(() => inLanguage('en'));

describe('texts built in code: English in common/, the same texts in the English catalogue', () => {
  const common = CATALOGUES.en.common as Record<string, unknown>;

  it('every runtime reason has its English template as the catalogue text, and no other', () => {
    expect(flat(common['reasons'])).toEqual(REASON_TEXTS);
  });

  it('every quality has its words; those naming a device have a variant for an unknown one', () => {
    const expected: Record<string, string> = {};
    for (const quality of QUALITIES) {
      expected[quality] = QUALITY_WORDS[quality];
      if (QUALITY_WORDS[quality].includes('{{device}}')) expected[`${quality}_noDevice`] = QUALITY_WORDS[quality].replace('{{device}}', 'the device');
    }
    expect(common['quality']).toEqual(expected);
  });

  it('every permission has its phrase, and the sentences saying why are the same', () => {
    expect(flat(common['permission'])).toEqual(PERMISSION_PHRASES);
    expect(common['needsPermission']).toEqual(NEEDS_PERMISSION_TEXTS);
  });
});

describe('the runtime refusals as codes and parameters, in the reader language', () => {
  const belowLow = problemWith('out-of-range', 'write.belowLow', { value: 5, units: ' mL', min: 200, path: 'Line1/Filler/FillVolumeSetpoint' });

  it('keeps the English message for REST clients and logs', () => {
    expect(belowLow.message).toBe('5 mL is below the low limit 200 mL of Line1/Filler/FillVolumeSetpoint');
    expect(belowLow.text).toEqual({ key: 'write.belowLow', params: { value: 5, units: ' mL', min: 200, path: 'Line1/Filler/FillVolumeSetpoint' } });
    const refused = failWith('not-writable', 'write.readOnly', { path: 'Line1/Speed' }, 'path');
    expect(refused).toEqual({ ok: false, error: { code: 'not-writable', message: 'Line1/Speed is read-only', path: 'path', text: { key: 'write.readOnly', params: { path: 'Line1/Speed' } } } });
  });

  it('says them in English and German', async () => {
    await inLanguage('en');
    expect(problemText(CallError.fromProblem(belowLow))).toBe('5 mL is below the low limit 200 mL of Line1/Filler/FillVolumeSetpoint');
    await inLanguage('de');
    expect(problemText(CallError.fromProblem(belowLow))).toBe('5 mL liegt unter der unteren Grenze 200 mL von Line1/Filler/FillVolumeSetpoint');
    expect(refusalText(CallError.fromProblem(belowLow))).toBe('Abgelehnt. 5 mL liegt unter der unteren Grenze 200 mL von Line1/Filler/FillVolumeSetpoint');
    const expired = problemWith('unauthenticated', 'session.endedInactivity', { name: 'olga', duration: '15 min' }, 'session');
    expect(problemText(expired)).toBe('olga wurde nach 15 min ohne Aktivität abgemeldet: bitte erneut anmelden.');
    const signature = problemWith('signature-required', 'signature.required', { call: 'tags.write' }, 'signature');
    expect(reasonOf(CallError.fromProblem(signature))).toBe('tags.write braucht eine elektronische Unterschrift: Passwort erneut eingeben, Bedeutung und Begründung angeben');
  });

  it('a missing permission is named by its phrase and the person, in German', async () => {
    await inLanguage('de');
    const forbidden = CallError.fromProblem(problemWith('forbidden', 'access.lacksPermission', { name: 'mia', role: 'maintenance', permission: 'tags.write' }, 'tags.write'));
    expect(refusalText(forbidden)).toBe('Nicht erlaubt. Braucht die Berechtigung ‚Variablenwerte schreiben‘ – angemeldet als mia (maintenance).');
    await inLanguage('en');
    expect(refusalText(forbidden)).toBe('Not allowed. Needs the permission ‘Write tag values’ — signed in as mia (maintenance).');
  });

  it('a refusal made by the client (no connection) is translated too', async () => {
    await inLanguage('de');
    const offline = new CallError('offline', reasonMessage('client.offline'), undefined, { key: 'client.offline', params: {} });
    expect(refusalText(offline)).toBe('Nicht gesendet. Keine Verbindung zur Laufzeit – der Befehl wurde nicht gesendet.');
  });

  it('falls back: a key this renderer does not know, or no key at all, shows the runtime English message; a partial language shows English', async () => {
    await inLanguage('de');
    expect(problemText({ message: 'some newer refusal', text: { key: 'write.fromTheFuture', params: {} } })).toBe('some newer refusal');
    expect(problemText(new CallError('bad-request', 'the report id is a positive integer', 'id'))).toBe('the report id is a positive integer');
    expect(problemText(new Error('plain'))).toBe('plain');
    expect(problemText('text')).toBe('text');
    // Arabic's common catalogue is partial: what it lacks is English, never a key.
    await inLanguage('ar');
    expect(problemText(belowLow)).toBe('5 mL is below the low limit 200 mL of Line1/Filler/FillVolumeSetpoint');
    expect(qualityText('BadOutOfService')).toBe('Out of service');
  });
});

describe('quality words, permission phrases and reasons for disabled controls', () => {
  it('names the device when known, in German with the right case when not', async () => {
    await inLanguage('de');
    expect(qualityText('BadNotConnected', 'Tank-SPS')).toBe('Keine Kommunikation mit Tank-SPS');
    expect(qualityText('BadNotConnected')).toBe('Keine Kommunikation mit dem Gerät');
    expect(qualityText('BadTimeout')).toBe('Das Gerät antwortete nicht rechtzeitig');
    expect(qualityText('BadTimeout', 'tank PLC')).toBe('Tank PLC antwortete nicht rechtzeitig');
    expect(qualityText('UncertainLastUsableValue')).toBe('Länger nicht aktualisiert: letzter empfangener Wert');
    await inLanguage('en');
    expect(qualityText('BadTimeout')).toBe('The device did not answer in time');
    expect(qualityText('BadNotConnected', 'tank PLC')).toBe('No communication with tank PLC');
  });

  it('booleans read On/Off or Ein/Aus', async () => {
    await inLanguage('de');
    expect(formatValue(undefined, true)).toBe('Ein');
    expect(formatValue(undefined, [true, false])).toBe('Ein, Aus');
    await inLanguage('en');
    expect(formatValue(undefined, false)).toBe('Off');
  });

  it('says why a control is disabled in the reader language, per case', async () => {
    await inLanguage('de');
    expect(permissionText('alarms.shelve')).toBe('Alarme zurückstellen');
    expect(needsPermissionText('reports.sign', null)).toBe('Braucht die Berechtigung ‚Schichtberichte unterschreiben‘ – nicht angemeldet: bitte zuerst anmelden.');
    expect(needsPermissionText('reports.sign', { name: 'operator', role: 'operator' })).toBe('Braucht die Berechtigung ‚Schichtberichte unterschreiben‘ – angemeldet als operator.');
    const access = accessFor({ name: 'mia', fullName: 'Mia', role: 'maintenance', permissions: ['view', 'alarms.acknowledge'], mustChangePassword: false, preferences: { language: null, theme: null } });
    expect(access.why('tags.write')).toBe('Braucht die Berechtigung ‚Variablenwerte schreiben‘ – angemeldet als mia (maintenance).');
    expect(access.control('tags.write').title).toBe(access.why('tags.write'));
    expect(accessFor(null).whyNotCall('users.changePassword')).toBe('Braucht eine angemeldete Person: bitte zuerst anmelden.');
    await inLanguage('en');
    expect(access.why('tags.write')).toBe('Needs the permission ‘Write tag values’ — signed in as mia (maintenance).');
  });
});

describe('the runtime’s report catalogues (main/core/i18n/locales)', () => {
  const keys = (tree: unknown): string[] => Object.keys(flat(tree)).sort();
  const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

  it('German has every key English has, no other, and keeps every placeholder', () => {
    const en = REPORT_CATALOGUES.en.reports;
    const de = REPORT_CATALOGUES.de.reports;
    expect(keys(de)).toEqual(keys(en));
    const german = flat(de);
    for (const [key, text] of Object.entries(flat(en))) expect(placeholders(german[key]!), key).toEqual(placeholders(text));
  });

  it('a report language is English or German; Arabic and anything else fall back to English', () => {
    expect([reportLanguage('de'), reportLanguage('en'), reportLanguage('ar'), reportLanguage(undefined), reportLanguage(null)]).toEqual(['de', 'en', 'en', 'en', 'en']);
  });

  it('says the texts in the language and the numbers in the plant’s locale, independently', () => {
    const german = reportWords('de', 'de-DE');
    expect([german.t('tables.keyValues'), german.percent(0.78), german.number(1234.5, 2), german.percent(null)]).toEqual(['Wichtige Prozesswerte', '78,0 %', '1234,50', '—']);
    const englishInGermany = reportWords('en', 'de-DE');
    expect([englishInGermany.t('status.unsigned'), englishInGermany.percent(0.975)]).toEqual(['PROVISIONAL: not signed', '97,5 %']);
    expect(reportWords('de', 'en-GB').percent(0.975)).toBe('97.5 %');
    expect(reportWords('de').t('status.partial', { to: '2026-01-14 15:00:00 GMT+1' })).toBe('VORLÄUFIG: Die Schicht lief noch; dieser Bericht erfasst sie bis 2026-01-14 15:00:00 GMT+1');
  });
});

import { z } from 'zod';
import type { Problem, ProblemCode, Result } from './result.ts';

/**
 * The refusals and errors the runtime sends to people, each as a key and its parameters (a Problem's
 * `text`), so the renderer says them in the reader's language (renderer/i18n/locales/<lang>/common.json,
 * `reasons.<key>`). The English sentence stays in the Problem's `message`, rendered from the template
 * below, for REST clients, logs and the audit trail. A key a renderer does not know shows the message.
 *
 * Templates use i18next's `{{name}}` placeholders; the English catalogue holds exactly these texts
 * (test/unit/texts-in-code.test.ts). Parameters are plain values: tag paths, names, numbers, units.
 */
export const REASON_TEXTS = {
  // Who may call (the gateway's access check).
  'access.signInFirst': '{{call}} needs a signed-in user: sign in first',
  'access.lacksPermission': '{{name}} (role {{role}}) lacks the permission {{permission}}',
  'access.mustChangePassword': '{{name}} must choose a new password first (the administrator set this one)',
  'access.tokenLacksScope': '{{token}} lacks the scope {{scope}}',
  'access.notForTokens': '{{call}} is for a signed-in person, not an API token',
  // Electronic signatures.
  'signature.onlyInHmi': '{{call}} needs an electronic signature, which only a signed-in person can give in the HMI',
  'signature.required': '{{call}} needs an electronic signature: enter your password again, the meaning and a reason',
  'signature.requiredWithVerifier': '{{call}} needs an electronic signature: enter your password again, the meaning and a reason, and a second person as verifier',
  'signature.verifierMissing': '{{call}} needs a second person to sign as verifier',
  'signature.passwordAgain': 'signing needs your password again',
  // Writing a tag.
  'write.shuttingDown': 'Lineside is shutting down; writes are no longer accepted',
  'write.readOnly': '{{path}} is read-only',
  'write.takesBoolean': '{{path}} takes true or false, not {{value}}',
  'write.takesText': '{{path}} takes text, not {{value}}',
  'write.textTooLong': '{{path}}: text longer than 4096 characters',
  'write.takesDate': '{{path}} takes a date as epoch milliseconds, not {{value}}',
  'write.takesNumber': '{{path}} takes a number, not {{value}}',
  'write.takesWholeNumber': '{{path}} takes a whole number ({{dataType}}), not {{value}}',
  'write.doesNotFit': '{{value}} does not fit {{dataType}} ({{min}} to {{max}})',
  'write.belowLow': '{{value}}{{units}} is below the low limit {{min}}{{units}} of {{path}}',
  'write.aboveHigh': '{{value}}{{units}} is above the high limit {{max}}{{units}} of {{path}}',
  'write.unknownTag': 'no tag {{path}}',
  // Devices.
  'device.notRunning': 'device {{device}} is not running',
  'device.notConnected': 'device {{device}} is not connected ({{status}}{{detail}})',
  // Why a device is in error (its `lastErrorText`; the drivers' `lastError` stays as they word it, in English).
  'device.connectRefused': 'cannot connect to {{where}}: nothing answers there (connection refused; is the device on, and is the address right?)',
  'device.connectTimeout': 'cannot connect to {{where}}: no answer in time (timeout)',
  'device.connectNoHost': 'cannot connect to {{where}}: no host of that name is known on this network',
  'device.connectUnreachable': 'cannot connect to {{where}}: the network does not reach it',
  'device.connectionClosed': 'the connection to {{where}} was closed by the device or the network',
  'device.noAnswerUnit': 'no answer in time from unit {{unit}} on {{where}}',
  'device.noAnswerUnits': 'no answer in time from units {{units}} on {{where}}',
  'device.noAnswer': 'no answer in time (timeout)',
  'device.serverUnreachable': 'the server at {{url}} is unreachable: nothing answers at {{host}} (is the server running, and is the address right?)',
  'device.serverUnknownHost': 'the server at {{url}} is unreachable: no host named {{host}} is known on this network',
  'device.serverTimeout': 'the server at {{url}} is unreachable: no answer from {{host}} (timeout); check the network and that the server runs',
  'device.serverNoEndpoint': 'the server offers no endpoint with security {{mode}}/{{policy}} ({{detail}})',
  'device.serverTooManySessions': 'the server has no room for another session (BadTooManySessions); a session left open by a network break closes by itself within seconds',
  'device.certificateUntrusted': 'the server certificate "{{subject}}" (thumbprint {{thumbprint}}) is not trusted: trust it in the Devices view (or copy it into {{folder}})',
  'device.certificateRejected': 'the server certificate "{{subject}}" (thumbprint {{thumbprint}}) was rejected in the Devices view: trust it there to connect',
  'device.certificateExpired': 'the server certificate "{{subject}}" (thumbprint {{thumbprint}}) expired on {{date}}: the server needs a new certificate',
  // Signing in and sessions.
  'session.notSignedIn': 'not signed in',
  'session.wrongNameOrPassword': 'wrong user name or password',
  'session.unknown': 'The runtime does not know this sign-in (its data folder was reset, or the session ended long ago): sign in again.',
  'session.endedInactivity': '{{name}} was signed out after {{duration}} without activity: sign in again.',
  'session.endedLifetime': '{{name}} was signed out because a sign-in lasts at most {{duration}}: sign in again.',
  'session.endedDisabled': '{{name}} was signed out because the account was disabled.',
  'session.endedPassword': '{{name}} was signed out because the password was changed: sign in with the new one.',
  'session.endedLogout': '{{name}} signed out (here or in another window): sign in again.',
  // Work-order notices under the banner (main/core/mes/order-notices.ts); `unit` as the runtime says it, `unitCode` the UNECE code.
  'order.cancelledConfirmed':
    '{{order}} was cancelled by MES/ERP while on the line: the line is held; {{good}} good and {{reject}} rejected {{unit}} in all confirmed, the last as final partial {{completion}}. Acknowledge it on Work orders.',
  'order.cancelledAwaiting': "{{order}} was cancelled by MES/ERP while on the line: the line is held; {{good}} good and {{reject}} rejected {{unit}} in all wait for a supervisor's decision.",
  'order.revisionWaiting': '{{order}} revision {{revision}} from MES/ERP waits for acceptance: {{changes}}.',
  'order.changeQuantity': 'quantity {{from}} → {{to}} {{unit}}',
  'order.changeField': '{{name}} {{from}} → {{to}}',
  'order.changeBom_one': 'bill of materials ({{count}} line)',
  'order.changeBom_other': 'bill of materials ({{count}} lines)',
  'order.noValue': '(none)',
  // Work-order actions refused (main/core/mes/line-tracker.ts); `orderStatus` is an ISA-95 status the renderer names in the reader's language.
  'order.unknown': 'no work order {{key}}',
  'order.notStartable': 'work order {{key}} is {{orderStatus}}; only Released or Ready orders start',
  'order.lineBusy': '{{line}} is running {{running}}; complete or hold it first',
  'order.cancelledNotResumed': 'work order {{key}} was cancelled by MES/ERP; it is not resumed',
  'order.notHoldable': 'work order {{key}} is {{orderStatus}}; only a Running order can be held',
  'order.notResumable': 'work order {{key}} is {{orderStatus}}; only a Held order can be resumed',
  'order.notConfirmable': 'work order {{key}} is {{orderStatus}}; only a Running or Held order is confirmed',
  'order.cancelledAcknowledge': 'work order {{key}} was cancelled by MES/ERP and its production confirmed as the final partial; acknowledge it',
  'order.cancelledDecision': "work order {{key}} was cancelled by MES/ERP; what was produced waits for a supervisor's decision (workOrders.decideCancel)",
  'order.notReversible': 'work order {{key}} is {{orderStatus}}; only a confirmation of a Running or Held order is reversed',
  'order.noConfirmation': 'work order {{key}} has no confirmation {{completion}}',
  'order.isReversal': '{{completion}} is itself a reversal',
  'order.finalNotReversed': '{{completion}} is the final confirmation; it is not reversed here',
  'order.alreadyReversed': '{{completion}} is already reversed',
  'order.noMaterial': 'work order {{key}} is {{orderStatus}}; material is recorded on a Running or Held order',
  // Why an MES connector is in error (its health's `lastErrorText`; `lastError` keeps the transport's own words).
  'mes.refusedCredentials': "HTTP {{status}}: the MES refused Lineside's credentials (check the token)",
  'mes.noAnswer': 'no answer within {{ms}} ms',
  'mes.connectRefused': 'nothing answers at {{url}} (connection refused; is the MES running, and is the address right?)',
  'mes.unknownHost': 'no host of the name in {{url}} is known on this network',
  'mes.unreachable': 'the network does not reach {{url}}',
  // A tag CSV's refused cells (main/core/config/tag-csv.ts).
  'csv.notJsonObject': 'not a JSON object, e.g. {"type":"float32"}',
  'csv.notNumber': '"{{value}}" is not a number',
  'csv.allOrNone': 'give all of {{columns}} or none',
  'csv.notBoolean': '"{{value}}" is not true or false',
  'csv.notJson': 'not valid JSON',
  'csv.alsoInRow': '{{path}} is also in row {{row}}',
  // Made by the renderer's client, about the link to the runtime.
  'client.offline': 'No connection to the runtime — the command was not sent',
  'client.timeout': 'no reply from the gateway to {{call}} within {{seconds}} s',
  'client.closed': 'the client is closed',
  'client.lost': 'the connection to the gateway was lost before the reply; the request may or may not have been carried out',
  'client.notSigned': '{{action}} was not signed and not done',
} as const;

export type ReasonKey = keyof typeof REASON_TEXTS;
export type ReasonParams = Readonly<Record<string, string | number>>;

/** A text as a key and its parameters, for the reader's language. */
export interface ReasonText {
  readonly key: ReasonKey;
  readonly params: ReasonParams;
}

/** A text as a key and its parameters, as it crosses the contract (in a status, a notice; a Problem's `text`). */
export const ReasonTextSchema = z.object({ key: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) });

export function isReasonKey(key: string): key is ReasonKey {
  return Object.hasOwn(REASON_TEXTS, key);
}

/** `{{name}}` placeholders filled from `params`; a missing parameter stays visible as `{{name}}`. */
export function fillTemplate(template: string, params: ReasonParams): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** The English sentence of a reason (what `message` carries). */
export function reasonMessage(key: ReasonKey, params: ReasonParams = {}): string {
  return fillTemplate(REASON_TEXTS[key], params);
}

/** A Problem whose text people read in their language: the English message from the key, plus the key and its parameters. */
export function problemWith(code: ProblemCode, key: ReasonKey, params: ReasonParams = {}, path?: string): Problem {
  const problem: Problem = { code, message: reasonMessage(key, params), text: { key, params } };
  if (path !== undefined) problem.path = path;
  return problem;
}

/** `fail` with a translatable text. */
export function failWith(code: ProblemCode, key: ReasonKey, params: ReasonParams = {}, path?: string): Result<never, Problem> {
  return { ok: false, error: problemWith(code, key, params, path) };
}

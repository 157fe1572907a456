import { z } from 'zod';
import { TextLanguageSchema } from '../../common/project-texts.ts';
import { ALARM_EVENT_KINDS, AlarmHistoryPageSchema, AlarmInfoSchema, AlarmKpiQuerySchema, AlarmKpisSchema, AlarmPrioritySchema, AlarmStateNameSchema, AlarmSummarySchema, type AlarmFilter } from '../../common/alarms.ts';
import { ok } from '../../common/result.ts';
import type { RestApi } from './rest-api.ts';
import type { GatewayServices } from './services.ts';

/** `a,b,c` in a query string → ['a', 'b', 'c'], each checked by `item`. */
function list<T extends z.ZodType<unknown, string>>(item: T) {
  return z
    .string()
    .max(2000)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));
}

const time = z.coerce.number().int().nonnegative();

export function addAlarmRoutes(api: RestApi, services: GatewayServices): void {
  const { alarms } = services;
  api.add({
    method: 'GET',
    path: '/api/v1/alarms',
    tag: 'alarms',
    call: 'alarms.list',
    summary: 'Standing alarms with the banner summary',
    description: 'Every alarm not in normal (unacknowledged or acknowledged active, returned unacknowledged, latched, shelved, suppressed, out of service), or those in `state`.',
    query: z.strictObject({
      area: list(z.string().max(100)).optional().describe('Comma-separated areas'),
      priority: list(AlarmPrioritySchema).optional().describe('Comma-separated priorities: critical,high,medium,low'),
      state: list(AlarmStateNameSchema).optional().describe('Comma-separated states, e.g. unackActive,ackActive'),
      text: z.string().max(200).optional().describe('Case-insensitive text in id, tag, message or area'),
      lang: TextLanguageSchema.optional().describe("Messages and help in this language where the project translates them (texts/<lang>.json), else in the project's default language"),
    }),
    response: { description: 'The alarms and the summary.', schema: z.object({ alarms: z.array(AlarmInfoSchema), summary: AlarmSummarySchema }) },
    problems: ['bad-request'],
    handle: ({ query }) => {
      const filter: AlarmFilter = {};
      if (query.area) filter.areas = query.area;
      if (query.priority) filter.priorities = query.priority;
      if (query.state) filter.states = query.state;
      if (query.text) filter.text = query.text;
      const list = alarms.list(filter);
      const { texts } = services;
      const lang = query.lang;
      return ok({ alarms: texts && lang ? list.map((a) => texts.alarm(a, lang)) : list, summary: alarms.summary() });
    },
  });
  api.add({
    method: 'GET',
    path: '/api/v1/alarms/history',
    tag: 'alarms',
    call: 'alarms.history',
    summary: 'The alarm journal, newest first, paged',
    description: 'Every transition and operator action (raise, clear, acknowledge, shelve, unshelve, suppress, unsuppress, outOfService, returnToService, comment) with time, value, user and comment.',
    query: z.strictObject({
      from: time.optional().describe('Epoch ms, inclusive'),
      to: time.optional().describe('Epoch ms, exclusive'),
      alarmId: z.string().max(200).optional(),
      tag: z.string().max(200).optional(),
      area: z.string().max(100).optional(),
      user: z.string().max(100).optional(),
      kind: list(z.enum(ALARM_EVENT_KINDS)).optional().describe('Comma-separated event kinds'),
      text: z.string().max(200).optional().describe('Case-insensitive text in message (as journaled, in the default language), comment or alarm id'),
      limit: z.coerce.number().int().min(1).max(1000).default(100),
      offset: z.coerce.number().int().min(0).default(0),
      lang: TextLanguageSchema.optional().describe(
        "Messages in this language where the project translates them (texts/<lang>.json), filled with the values each entry was journaled with; entries journaled before the values were kept, and messages without a translation, stay in the project's default language",
      ),
    }),
    response: { description: 'One page of journal entries; `nextOffset` when there are more.', schema: AlarmHistoryPageSchema },
    problems: ['bad-request'],
    handle: ({ query }) => {
      const { kind, lang, ...rest } = query;
      const page = alarms.history(kind ? { ...rest, kinds: kind } : rest);
      const { texts } = services;
      return ok(texts && lang ? { ...page, entries: page.entries.map((e) => texts.journalEntry(e, lang)) } : page);
    },
  });
  api.add({
    method: 'GET',
    path: '/api/v1/alarms/kpis',
    tag: 'alarms',
    call: 'alarms.kpis',
    summary: 'Alarm-system KPIs over a period (ISA-18.2, EEMUA 191)',
    description:
      'Alarms per operator position per 10 minutes and per hour, share of 10-minute periods in flood (> 10 alarms), the ten most frequent, chattering and stale (> 24 h) alarms, priority distribution, shelving and suppression counts.',
    query: AlarmKpiQuerySchema,
    response: { description: 'The KPIs.', schema: AlarmKpisSchema },
    problems: ['bad-request'],
    handle: ({ query }) => ok(alarms.kpis(query)),
  });
  api.add({
    method: 'POST',
    path: '/api/v1/alarms/{id}/acknowledge',
    greedyParam: 'id',
    tag: 'alarms',
    call: 'alarms.acknowledge',
    summary: 'Acknowledge one alarm',
    description: 'Needs the permission alarms.acknowledge. Journaled with the caller and the comment.',
    body: z.strictObject({ comment: z.string().max(1000).default('') }),
    response: { description: 'The alarm after the acknowledgement.', schema: AlarmInfoSchema },
    problems: ['bad-request', 'forbidden', 'not-found'],
    handle: ({ params, body, user, station }) => {
      const result = alarms.acknowledgeOne(user, params['id']!, body.comment);
      if (result.ok) services.audit.record({ user: user.name, role: user.role, station, action: 'alarms.acknowledge', target: result.value.id, newValue: { acknowledged: [result.value.id] }, reason: body.comment });
      return result;
    },
  });
}

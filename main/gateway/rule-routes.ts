import { z } from 'zod';
import { fail, ok } from '../../common/result.ts';
import { ruleCalls, RuleRunSchema, RuleStatusSchema } from '../../common/rules.ts';
import type { RestApi } from './rest-api.ts';
import type { GatewayServices } from './services.ts';

/** Event rules over REST: the same calls as the Rules view, with the same permissions. */
export function addRuleRoutes(api: RestApi, services: GatewayServices): void {
  const actor = (r: { user: { name: string; role: string }; station: string }) => ({ name: r.user.name, role: r.user.role, station: r.station });
  api.add({
    method: 'GET',
    path: '/api/v1/rules',
    tag: 'rules',
    call: 'rules.list',
    summary: 'The event rules and their state',
    description:
      'Each rule of rules.json with its condition, edge, on-delay and actions, whether it is switched on (and who switched it last), the condition now (null when it cannot be computed, with the reason in error), an on-delay under way (pendingUntil) and its last run.',
    response: { description: 'The rules, in file order.', schema: z.array(RuleStatusSchema) },
    handle: () => ok(services.rules?.list() ?? []),
  });
  api.add({
    method: 'GET',
    path: '/api/v1/rules/{id}/runs',
    tag: 'rules',
    call: 'rules.runs',
    summary: "A rule's execution log",
    description: 'The latest runs of the rule, newest first: when, the result (ok, refused, failed) and what was done or why it stopped.',
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(200).default(50).describe('How many runs (1–200, default 50)') }),
    response: { description: 'The runs, newest first.', schema: z.array(RuleRunSchema) },
    problems: ['not-found', 'bad-request'],
    handle: ({ params, query }) => services.rules?.runs(params['id']!, query.limit) ?? fail('not-found', `no rule ${params['id']}`, 'id'),
  });
  api.add({
    method: 'PUT',
    path: '/api/v1/rules/{id}/enabled',
    tag: 'rules',
    call: 'rules.setEnabled',
    summary: 'Switch a rule on or off',
    description: 'Kept across restarts and audited. A rule switched off does not run its actions; an on-delay under way is dropped.',
    body: z.strictObject({ enabled: z.boolean() }),
    response: { description: 'The rule as it is now.', schema: RuleStatusSchema },
    problems: ['not-found', 'bad-request', 'forbidden'],
    handle: (r) => services.rules?.setEnabled(r.params['id']!, r.body.enabled, actor(r)) ?? fail('not-found', `no rule ${r.params['id']}`, 'id'),
  });
  api.add({
    method: 'PUT',
    path: '/api/v1/rules/{id}',
    tag: 'rules',
    call: 'rules.save',
    summary: 'Add or change a rule',
    description:
      'The rule as in rules.json (its id must be the one in the path). Checked as the loader checks rules.json (the condition parses and reads tags that exist, writes go to writable tags with values they accept), written to rules.json, applied at once and audited.',
    body: ruleCalls['rules.save'].params.shape.rule,
    response: { description: 'The rule as it runs now.', schema: RuleStatusSchema },
    problems: ['bad-request', 'forbidden', 'config-error'],
    handle: (r) => {
      if (r.body['id'] !== r.params['id']) return fail('bad-request', `rule.id: "${String(r.body['id'])}" is not the id in the path (${r.params['id']})`, 'rule.id');
      return services.rulesFile?.save(r.body, actor(r)) ?? fail('config-error', 'rules cannot be edited in this runtime');
    },
  });
  api.add({
    method: 'DELETE',
    path: '/api/v1/rules/{id}',
    tag: 'rules',
    call: 'rules.remove',
    summary: 'Remove a rule',
    description: 'Removed from rules.json and stopped at once; audited with its definition.',
    response: { description: 'Nothing.', schema: z.strictObject({}) },
    problems: ['not-found', 'forbidden', 'config-error'],
    handle: async (r) => {
      if (!services.rulesFile) return fail('config-error', 'rules cannot be edited in this runtime');
      const removed = await services.rulesFile.remove(r.params['id']!, actor(r));
      return removed.ok ? ok({}) : removed;
    },
  });
}

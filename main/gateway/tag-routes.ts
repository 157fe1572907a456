import { z } from 'zod';
import { DataValueSchema, ValueSchema, type DataValue } from '../../common/data-value.ts';
import { severityOf } from '../../common/quality.ts';
import { fail, ok } from '../../common/result.ts';
import { tagInfo, TagInfoSchema } from '../../common/tag.ts';
import type { RestApi } from './rest-api.ts';
import type { GatewayServices } from './services.ts';
import { tagsUnder } from './tag-selection.ts';

/** A DataValue as REST gives it: a Bad one never carries a value that looks live. */
const RestDataValueSchema = DataValueSchema.extend({
  value: ValueSchema.describe('The value; null whenever the quality is Bad (look at lastKnownValue for the last one known)'),
  lastKnownValue: ValueSchema.optional().describe('Only with a Bad quality: the last value Lineside had before it went bad, for context (not a live value)'),
});
const TagWithValueSchema = TagInfoSchema.extend({ value: RestDataValueSchema });

/** With a Bad quality the value moves to `lastKnownValue` (when there was one) and `value` is null. */
export function restValue(current: DataValue): z.infer<typeof RestDataValueSchema> {
  if (severityOf(current.quality) !== 'bad') return current;
  return current.value === null ? { ...current, value: null } : { ...current, value: null, lastKnownValue: current.value };
}

export function addTagRoutes(api: RestApi, services: GatewayServices): void {
  const { engine } = services;
  api.add({
    method: 'GET',
    path: '/api/v1/tags',
    tag: 'tags',
    call: 'tags.list',
    summary: 'All tags with their current value',
    description:
      "Each tag with its definition (units, range, writability) and current DataValue (value, quality, source and server time in epoch ms). A Bad value is null, with the last known value in lastKnownValue. An array tag's value is a list, and each element is listed too as Path[i].",
    query: z.strictObject({ prefix: z.string().max(200).optional().describe('Only tags at or below this path, e.g. Line1/Filler') }),
    response: { description: 'The tags, in project order.', schema: z.array(TagWithValueSchema) },
    problems: ['bad-request'],
    handle: ({ query }) => ok(tagsUnder(engine, query.prefix).map((s) => ({ ...tagInfo(s.def), value: restValue(s.current) }))),
  });
  api.add({
    method: 'GET',
    path: '/api/v1/tags/{path}',
    greedyParam: 'path',
    tag: 'tags',
    call: 'tags.read',
    summary: 'One tag with its current value',
    description: "The tag (or an array tag's element, `Line1/Temps[3]`) and its current DataValue; a Bad value is null, with the last known value in lastKnownValue.",
    response: { description: 'The tag.', schema: TagWithValueSchema },
    problems: ['not-found'],
    handle: ({ params }) => {
      const slot = engine.slot(params['path']!);
      return slot ? ok({ ...tagInfo(slot.def), value: restValue(slot.current) }) : fail('not-found', `no tag ${params['path']}`);
    },
  });
}

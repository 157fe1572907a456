import { z } from 'zod';
import { DataValueSchema } from '../../common/data-value.ts';
import { fail, ok } from '../../common/result.ts';
import { tagInfo, TagInfoSchema } from '../../common/tag.ts';
import type { RestApi } from './rest-api.ts';
import type { GatewayServices } from './services.ts';
import { tagsUnder } from './tag-selection.ts';

const TagWithValueSchema = TagInfoSchema.extend({ value: DataValueSchema });

export function addTagRoutes(api: RestApi, services: GatewayServices): void {
  const { engine } = services;
  api.add({
    method: 'GET',
    path: '/api/v1/tags',
    tag: 'tags',
    call: 'tags.list',
    summary: 'All tags with their current value',
    description: 'Each tag with its definition (units, range, writability) and current DataValue (value, quality, source and server time in epoch ms).',
    query: z.strictObject({ prefix: z.string().max(200).optional().describe('Only tags at or below this path, e.g. Line1/Filler') }),
    response: { description: 'The tags, in project order.', schema: z.array(TagWithValueSchema) },
    problems: ['bad-request'],
    handle: ({ query }) => ok(tagsUnder(engine, query.prefix).map((s) => ({ ...tagInfo(s.def), value: s.current }))),
  });
  api.add({
    method: 'GET',
    path: '/api/v1/tags/{path}',
    greedyParam: 'path',
    tag: 'tags',
    call: 'tags.read',
    summary: 'One tag with its current value',
    response: { description: 'The tag.', schema: TagWithValueSchema },
    problems: ['not-found'],
    handle: ({ params }) => {
      const slot = engine.slot(params['path']!);
      return slot ? ok({ ...tagInfo(slot.def), value: slot.current }) : fail('not-found', `no tag ${params['path']}`);
    },
  });
}

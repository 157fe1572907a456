import { z } from 'zod';
import { textCalls, TextLanguageSchema } from '../../common/project-texts.ts';
import { ok } from '../../common/result.ts';
import type { RestApi } from './rest-api.ts';
import type { GatewayServices } from './services.ts';

export function addTextRoutes(api: RestApi, services: GatewayServices): void {
  api.add({
    method: 'GET',
    path: '/api/v1/texts/{language}',
    tag: 'texts',
    call: 'texts.get',
    summary: "The project's texts in one language",
    description:
      "The translations texts/<lang>.json gives, by text id (alarm|<alarm id>|message, tag|<path>|description, screen|<screen id>|<element id>.<prop>, shift|<name>|name, reason|<line>|<code>, line|<line>|units), with the project's default language and the languages it is translated into. A text without a translation is the project files' own.",
    response: { description: 'The translations.', schema: textCalls['texts.get'].result },
    problems: ['bad-request'],
    handle: ({ params }) => {
      const language = TextLanguageSchema.safeParse(params['language']);
      if (!language.success) return { ok: false, error: { code: 'bad-request', message: `language: ${z.prettifyError(language.error)}`, path: 'language' } };
      return ok(services.texts ? services.texts.get(language.data) : { language: language.data, default: 'en', translated: [], revision: 0, texts: {} });
    },
  });
}

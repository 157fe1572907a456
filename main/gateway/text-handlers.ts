import type { textCalls } from '../../common/project-texts.ts';
import { parseTextId, type TextRef } from '../../common/project-texts.ts';
import type { Permission } from '../../common/permissions.ts';
import { fail, ok } from '../../common/result.ts';
import { audited } from './audit-change.ts';
import type { Handler } from './client-context.ts';
import type { GatewayServices } from './services.ts';

type TextHandlers = { [C in keyof typeof textCalls]: Handler<C> };

/** Who may translate a text: whoever may change the text itself. */
function permissionFor(ref: TextRef): Permission {
  switch (ref.kind) {
    case 'alarm':
      return 'alarms.editDefinitions';
    case 'screen':
    case 'template':
      return 'screens.configure';
    case 'tag':
    case 'shift':
    case 'units':
    case 'reason':
      return 'tags.configure';
  }
}

/**
 * `texts.get` (anyone: the texts a display shows) and `texts.save` (a signed-in person who may change
 * each text translated: alarm texts need alarms.editDefinitions, screens screens.configure, the rest
 * tags.configure), written to the audit trail with the language and the translations set or removed.
 */
export function createTextHandlers(services: Pick<GatewayServices, 'texts' | 'audit'>): TextHandlers {
  return {
    'texts.get': ({ language }) => (services.texts ? ok(services.texts.get(language)) : ok({ language, default: 'en', translated: [], revision: 0, texts: {} })),
    'texts.save': async ({ language, texts }, client) => {
      const service = services.texts;
      if (!service) return fail('config-error', 'this runtime has no project texts');
      const granted = new Set(client.user.permissions ?? []);
      for (const id of Object.keys(texts)) {
        const ref = parseTextId(id);
        const needed = ref ? permissionFor(ref) : undefined;
        if (needed && !granted.has(needed)) return fail('forbidden', `translating texts["${id}"] needs the permission ${needed}`, `texts.${id}`);
      }
      const before = Object.fromEntries(Object.keys(texts).map((id) => [id, service.text(language, id) ?? null]));
      return audited(services, client, { action: 'texts.save', target: `texts/${language}.json`, oldValue: before, newValue: texts }, () => service.save(language, texts));
    },
  };
}

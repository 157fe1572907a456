import type { ReactNode } from 'react';
import { permissionPhrase } from '../../common/permission-phrases.ts';
import { useT } from '../i18n/i18n.ts';
import { useAccess } from '../ui/access.tsx';
import { displayHref, displayNeeds, type DisplayId } from './route.ts';
import { useServices } from './services.tsx';

/**
 * One display's place in the frame: shown while its route is active, kept mounted while hidden. A
 * display the person may not see (route.ts `displayNeeds`) is not mounted at all, so it asks the runtime
 * for nothing; reached by its URL it shows why instead, with a way to sign in as someone who may.
 */
export function DisplaySection({ id, active, children }: { id: DisplayId; active: DisplayId; children: ReactNode }) {
  const { t } = useT('frame');
  const access = useAccess();
  const allowed = access.may(displayNeeds(id));
  return (
    <section className="display" hidden={active !== id} aria-label={t(`sections.${id}`)}>
      {allowed ? children : active === id ? <NotAvailable id={id} /> : null}
    </section>
  );
}

function NotAvailable({ id }: { id: DisplayId }) {
  const { users } = useServices();
  const { t } = useT('frame');
  const access = useAccess();
  const needs = displayNeeds(id);
  const title = t(`displays.${id}`);
  // The permission's phrase is common/permission-phrases.ts's English: not translated yet.
  const user = access.user;
  return (
    <div className="not-available" role="region" aria-label={t('notAvailable.label', { title })} data-testid="not-available" data-needs={needs}>
      <h1 className="not-available__title">{t('notAvailable.title', { title })}</h1>
      <p>{user === null ? t('notAvailable.signedOut', { title, permission: permissionPhrase(needs) }) : t('notAvailable.signedIn', { name: user.name, role: user.role, title, permission: permissionPhrase(needs) })}</p>
      <p className="not-available__actions">
        <button type="button" className="not-available__button not-available__button--primary" onClick={() => users.dialogOpen.set(true)} data-testid="not-available-sign-in">
          {user === null ? t('notAvailable.signIn') : t('notAvailable.signInOther')}
        </button>
        <a className="not-available__button" href={displayHref('overview')}>
          {t('notAvailable.overview')}
        </a>
      </p>
    </div>
  );
}

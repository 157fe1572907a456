import type { ReactNode } from 'react';
import { permissionPhrase } from '../../common/permission-phrases.ts';
import { useAccess } from '../ui/access.tsx';
import { displayHref, displayNeeds, displayTitle, type DisplayId } from './route.ts';
import { useServices } from './services.tsx';

/**
 * One display's place in the frame: shown while its route is active, kept mounted while hidden. A
 * display the person may not see (route.ts `displayNeeds`) is not mounted at all, so it asks the runtime
 * for nothing; reached by its URL it shows why instead, with a way to sign in as someone who may.
 */
export function DisplaySection({ id, active, label, children }: { id: DisplayId; active: DisplayId; label: string; children: ReactNode }) {
  const access = useAccess();
  const allowed = access.may(displayNeeds(id));
  return (
    <section className="display" hidden={active !== id} aria-label={label}>
      {allowed ? children : active === id ? <NotAvailable id={id} /> : null}
    </section>
  );
}

function NotAvailable({ id }: { id: DisplayId }) {
  const { users } = useServices();
  const access = useAccess();
  const needs = displayNeeds(id);
  const title = displayTitle(id);
  const user = access.user;
  return (
    <div className="not-available" role="region" aria-label={`${title} not available`} data-testid="not-available" data-needs={needs}>
      <h1 className="not-available__title">{title} is not available to your role</h1>
      <p>
        {user === null
          ? `This station is not signed in, and the ${title} display needs the permission ‘${permissionPhrase(needs)}’.`
          : `${user.name} (${user.role}) does not have the permission ‘${permissionPhrase(needs)}’ that the ${title} display needs.`}
      </p>
      <p className="not-available__actions">
        <button type="button" className="not-available__button not-available__button--primary" onClick={() => users.dialogOpen.set(true)} data-testid="not-available-sign-in">
          {user === null ? 'Sign in' : 'Sign in as someone else'}
        </button>
        <a className="not-available__button" href={displayHref('overview')}>
          Go to the Overview
        </a>
      </p>
    </div>
  );
}

import { useMemo, type ReactNode } from 'react';
import { CALL_ACCESS } from '../../common/call-access.ts';
import type { CallName } from '../../common/contract.ts';
import type { Permission } from '../../common/permissions.ts';
import type { SessionUser } from '../../common/users.ts';
import { useServices } from '../app/services.tsx';
import './ui.css';
import { useCell } from '../store/cell.ts';
import { useLanguage } from '../i18n/language.ts';
import { needsPermissionText, needsSignInText } from './texts.ts';

/**
 * What the person at this station may do, from the permissions the runtime gave their session and the
 * same access table the gateway enforces (common/call-access.ts). The UI hides or disables what is not
 * allowed and says why; the runtime's check stays the authority (a refusal there is still shown).
 */
export interface Access {
  /** The signed-in person, or null (a signed-out station: `view` only). */
  readonly user: SessionUser | null;
  may(permission: Permission): boolean;
  /** Why not, in plain words ("Needs the permission ‘Write tag values’ — signed in as maintenance."); undefined when allowed. */
  why(permission: Permission): string | undefined;
  /** Whether the call would pass the gateway's access check (not its other checks). */
  mayCall(call: CallName): boolean;
  /** Why the call would be refused for want of a permission or a signed-in person; undefined when it would pass. */
  whyNotCall(call: CallName): string | undefined;
  /**
   * Props for a control that needs `permission`: `disabled` and the reason as its tooltip and description,
   * merged with the control's own reason to be disabled (`busy`…), which wins when it is the only one.
   */
  control(permission: Permission, otherwiseDisabled?: boolean): ControlProps;
}

export interface ControlProps {
  readonly disabled: boolean;
  readonly title: string | undefined;
  readonly 'data-needs': Permission | undefined;
}

/** The permissions a signed-out station has: what 'view' allows (common/call-access.ts). */
const STATION_VIEW: readonly Permission[] = ['view'];

export function accessFor(user: SessionUser | null): Access {
  const permissions = user?.permissions ?? STATION_VIEW;
  const who = user ? { name: user.name, role: user.role } : null;
  const may = (permission: Permission) => permission === 'view' || (user !== null && permissions.includes(permission));
  const why = (permission: Permission) => (may(permission) ? undefined : needsPermissionText(permission, who));
  const whyNotCall = (call: CallName): string | undefined => {
    const access = CALL_ACCESS[call];
    if (access === 'public' || access === 'view') return undefined;
    if (access === 'self') return user ? undefined : needsSignInText();
    return why(access);
  };
  return {
    user,
    may,
    why,
    mayCall: (call) => whyNotCall(call) === undefined,
    whyNotCall,
    control: (permission, otherwiseDisabled = false) => {
      const reason = why(permission);
      return { disabled: reason !== undefined || otherwiseDisabled, title: reason, 'data-needs': reason === undefined ? undefined : permission };
    },
  };
}

/** The station's access, re-rendered when the person signs in, switches or signs out, and its reasons when the language changes. */
export function useAccess(): Access {
  const user = useCell(useServices().users.user);
  const language = useLanguage();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the reasons are made in the language of the moment
  return useMemo(() => accessFor(user), [user, language]);
}

/**
 * Children only when the person may: `<Allowed needs="users.manage">…</Allowed>`. With `fallback`, that
 * is shown instead (a note saying why); for a control that should stay in sight, disabled with the
 * reason, use `useAccess().control(permission)` instead.
 */
export function Allowed({ needs, fallback = null, children }: { needs: Permission; fallback?: ReactNode | ((reason: string) => ReactNode); children: ReactNode }) {
  const reason = useAccess().why(needs);
  if (reason === undefined) return <>{children}</>;
  return <>{typeof fallback === 'function' ? fallback(reason) : fallback}</>;
}

/** A short note where a part of a display is missing for want of a permission, saying which. */
export function NotAllowedNote({ needs, testId }: { needs: Permission; testId?: string }) {
  const reason = useAccess().why(needs);
  if (reason === undefined) return null;
  return (
    <p className="access-note" role="note" data-testid={testId} data-needs={needs}>
      {reason}
    </p>
  );
}

import { useState } from 'react';
import { permissionText } from '../ui/texts.ts';
import { PERMISSIONS, type Permission } from '../../common/permissions.ts';
import type { RoleInfo } from '../../common/users.ts';
import { LoadProblem } from '../ui/LoadProblem.tsx';
import { useCall } from '../ui/use-call.ts';
import { useSignedCall } from '../ui/use-signed-call.tsx';
import { FeedbackLine, refusalText, type FeedbackValue } from '../ui/Feedback.tsx';
import { useT } from '../i18n/i18n.ts';

/** Each role's permission set, as a matrix of checkboxes; a role is saved as a whole. */
export function RolesPanel() {
  const { t } = useT('users');
  const signed = useSignedCall();
  const read = useCall('users.roles.list', {});
  const roles = read.data ?? [];
  const [drafts, setDrafts] = useState<Record<string, Permission[]>>({});
  const [message, setMessage] = useState<FeedbackValue>({ state: 'idle' });
  const toggle = (role: RoleInfo, permission: Permission) => {
    const current = drafts[role.role] ?? role.permissions;
    setDrafts({ ...drafts, [role.role]: current.includes(permission) ? current.filter((p) => p !== permission) : [...current, permission] });
  };
  const save = (role: RoleInfo) => {
    signed.call('users.roles.save', { role: role.role, permissions: drafts[role.role] ?? role.permissions }, t('roles.sign', { role: role.role })).then(
      (saved) => {
        setMessage({ state: 'accepted', text: t('roles.saved', { role: role.role }) });
        read.set(roles.map((r) => (r.role === saved.role ? saved : r)));
        setDrafts(({ [role.role]: _saved, ...others }) => others);
      },
      (e: unknown) => setMessage({ state: 'refused', text: refusalText(e) }),
    );
  };
  return (
    <section className="users-section" aria-label={t('roles.section')}>
      <h2>{t('roles.title')}</h2>
      <div className="users-matrix-scroll">
        <table className="users-table users-matrix" data-testid="roles-matrix">
          <thead>
            <tr>
              <th>{t('roles.permission')}</th>
              {roles.map((r) => (
                <th key={r.role} data-project-text="">
                  {r.role}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {PERMISSIONS.map((permission) => (
              <tr key={permission}>
                <td className="users-matrix__name">
                  {permissionText(permission)}
                  <span className="users-matrix__code" data-project-text="">
                    {permission}
                  </span>
                </td>
                {roles.map((r) => (
                  <td key={r.role}>
                    <input
                      type="checkbox"
                      aria-label={`${r.role}: ${permissionText(permission)}`}
                      checked={(drafts[r.role] ?? r.permissions).includes(permission)}
                      disabled={permission === 'view' || r.role === 'admin'}
                      onChange={() => toggle(r, permission)}
                    />
                  </td>
                ))}
              </tr>
            ))}
            <tr>
              <td />
              {roles.map((r) => (
                <td key={r.role}>
                  <button type="button" className="users-button" disabled={drafts[r.role] === undefined || r.role === 'admin'} onClick={() => save(r)} data-testid={`role-save:${r.role}`}>
                    {t('roles.save')}
                  </button>
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <LoadProblem call={read} what={t('roles.cannotList')} />
      <FeedbackLine feedback={message} />
      {signed.dialog}
    </section>
  );
}

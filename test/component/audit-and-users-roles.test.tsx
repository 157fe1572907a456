import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../common/audit.ts';
import { AuditDisplay } from '../../renderer/audit/AuditDisplay.tsx';
import { UsersDisplay } from '../../renderer/users/UsersDisplay.tsx';
import { renderHmi } from './support/render-hmi.tsx';

const RECORD: AuditRecord = {
  seq: 7,
  at: Date.UTC(2026, 11, 7, 9, 30),
  user: 'engineer',
  role: 'engineer',
  station: '127.0.0.1',
  action: 'config.devices.save',
  target: 'plc',
  oldValue: '',
  newValue: '{"description":"kept password"}',
  reason: '',
  meaning: '',
  prevHash: '0'.repeat(64),
  hash: '1'.repeat(64),
};

const auditHandlers = { 'audit.search': () => ({ records: [RECORD], more: false }) };

describe('the audit trail needs audit.view', () => {
  it('an engineer searches it: the form, and the records the runtime returned', async () => {
    const { gateway } = await renderHmi(<AuditDisplay visible />, { as: 'engineer', handlers: auditHandlers });
    const table = await screen.findByTestId('audit-table');
    expect(await within(table).findByText('config.devices.save')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Verify chain' })).toBeTruthy();
    expect(gateway.paramsOf('audit.search')).toEqual([{ limit: 200 }]);
  });

  it('an operator is told in words which permission it needs, and the display asks the runtime for nothing', async () => {
    const { gateway } = await renderHmi(<AuditDisplay visible />, { as: 'operator', handlers: auditHandlers });
    expect(screen.getByText('Needs the permission ‘Read the audit trail’ — signed in as operator.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Search' })).toBeNull();
    expect(screen.queryByTestId('audit-table')).toBeNull();
    expect(gateway.paramsOf('audit.search')).toEqual([]);
  });
});

describe('managing users needs users.manage', () => {
  const userHandlers = {
    'users.list': () => [],
    'users.roles.list': () => [{ role: 'operator' as const, permissions: ['view' as const] }],
    'users.tokens.list': () => [],
  };

  it('an admin gets the accounts, the role permission sets and the API tokens', async () => {
    const { gateway } = await renderHmi(<UsersDisplay visible />, { as: 'admin', handlers: userHandlers });
    expect(screen.getByRole('region', { name: 'Accounts' })).toBeTruthy();
    expect(screen.getByRole('form', { name: 'New user' })).toBeTruthy();
    // Permissions by their phrases, the technical name under each.
    expect(await screen.findByRole('checkbox', { name: 'operator: View the plant' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'operator: Write tag values' })).toBeTruthy();
    expect(screen.getByText('tags.write')).toBeTruthy();
    await waitFor(() => expect(gateway.seen.map((c) => c.name)).toEqual(expect.arrayContaining(['users.list', 'users.roles.list', 'users.tokens.list'])));
    expect(screen.queryByText(/Needs the permission/)).toBeNull();
  });

  it('an engineer gets only their own password, with a note saying which permission manages users', async () => {
    const { gateway } = await renderHmi(<UsersDisplay visible />, { as: 'engineer', handlers: userHandlers });
    expect(screen.getByText('Needs the permission ‘Manage users’ — signed in as engineer.')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Your password' })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Accounts' })).toBeNull();
    expect(screen.queryByRole('form', { name: 'New user' })).toBeNull();
    expect(gateway.seen.filter((c) => c.name.startsWith('users.') && c.name !== 'users.login')).toEqual([]);
  });

  it('nobody signed in is asked to sign in, and sees no password form', async () => {
    await renderHmi(<UsersDisplay visible />, { as: null, handlers: userHandlers });
    expect(screen.getByText('Needs the permission ‘Manage users’ — not signed in: sign in first.')).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Your password' })).toBeNull();
  });
});

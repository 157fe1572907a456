import { act, fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { UserMenu } from '../../renderer/users/UserMenu.tsx';
import { renderHmi, sessionUser } from './support/render-hmi.tsx';

describe('the top bar says who is signed in, as the runtime says it', () => {
  it('shows the person and role, and offers a switch', async () => {
    await renderHmi(<UserMenu />, { as: 'supervisor' });
    expect(screen.getByText('supervisor', { selector: '.topbar__user-name' })).toBeTruthy();
    expect(screen.getByText('supervisor', { selector: '.topbar__user-role' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Switch' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign in' })).toBeNull();
  });

  it('goes back to view only when the runtime signs the person out (inactivity, a disabled account)', async () => {
    const { gateway, services } = await renderHmi(<UserMenu />, { as: 'operator' });
    await act(async () => gateway.emit('users.sessionChanged', { user: null, reason: 'disabled' }));
    expect(await screen.findByText('Not signed in')).toBeTruthy();
    expect(screen.getByText('view only')).toBeTruthy();
    expect(services.users.signedOutBecause.get()).toBe('disabled');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(services.users.dialogOpen.get()).toBe(true);
  });

  it('follows a quick switch to another person made elsewhere on the connection', async () => {
    const { gateway } = await renderHmi(<UserMenu />, { as: 'operator' });
    await act(async () => gateway.emit('users.sessionChanged', { user: sessionUser('engineer'), reason: 'login' }));
    expect(await screen.findByText('engineer', { selector: '.topbar__user-role' })).toBeTruthy();
  });
});

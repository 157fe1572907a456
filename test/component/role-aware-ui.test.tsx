import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { RoleName } from '../../common/permissions.ts';
import { loadScreenDocument } from '../../screens/screen-document.ts';
import type { Screen } from '../../screens/screen-schema.ts';
import { DisplaySection } from '../../renderer/app/DisplaySection.tsx';
import { DISPLAYS, displayTitle } from '../../renderer/app/route.ts';
import { CallError } from '../../renderer/client/call-error.ts';
import { TopBar } from '../../renderer/frame/TopBar.tsx';
import { ScreenNavigator } from '../../renderer/screens/runtime/ScreenNavigator.tsx';
import { refusalText } from '../../renderer/ui/Feedback.tsx';
import { SignInDialog } from '../../renderer/users/SignInDialog.tsx';
import { renderHmi } from './support/render-hmi.tsx';

function tabs(): string[] {
  return within(screen.getByRole('navigation', { name: 'Displays' }))
    .getAllByRole('link')
    .map((link) => link.textContent ?? '');
}

describe('the top bar shows the displays a role may see, from the permissions the runtime gave the session', () => {
  const all = DISPLAYS.map((display) => displayTitle(display.id));
  const cases: [RoleName | null, string[]][] = [
    ['admin', []],
    ['engineer', ['Users']],
    // Rules (editing and switching plant logic) needs tags.configure, as the engineers' setup does.
    ['supervisor', ['Rules', 'Editor', 'Users']],
    // Notifications (the log names people and addresses) needs audit.view, as Audit does.
    ['operator', ['Rules', 'Editor', 'Notifications', 'Users', 'Audit']],
    ['maintenance', ['Rules', 'Editor', 'Notifications', 'Users', 'Audit']],
    [null, ['Rules', 'Editor', 'Notifications', 'Users', 'Audit']],
  ];
  for (const [role, hidden] of cases) {
    it(`${role ?? 'a signed-out station'}: every tab but ${hidden.join(', ') || 'none'}`, async () => {
      await renderHmi(<TopBar active="overview" userMenu={null} />, { as: role });
      expect(tabs()).toEqual(all.filter((title) => !hidden.includes(title)));
    });
  }

  it('a permission an administrator added to a role shows its display at once', async () => {
    await renderHmi(<TopBar active="overview" userMenu={null} />, { as: 'operator', permissions: ['view', 'tags.write', 'audit.view'] });
    expect(tabs()).toContain('Audit');
    expect(screen.queryByRole('group', { name: 'Admin' })).toBeTruthy();
  });

  it('a group with no display left for the role is not shown at all', async () => {
    await renderHmi(<TopBar active="overview" userMenu={null} />, { as: 'operator', permissions: ['view'] });
    expect(screen.queryByRole('group', { name: 'Admin' })).toBeNull();
  });
});

describe('a display reached by its URL that the role may not see', () => {
  it('says so in words, with sign-in, and does not mount the display', async () => {
    const { services } = await renderHmi(
      <DisplaySection id="users" active="users">
        <p>account list</p>
      </DisplaySection>,
      { as: 'operator' },
    );
    const panel = screen.getByRole('region', { name: 'Users not available' });
    expect(within(panel).getByRole('heading').textContent).toBe('Users is not available to your role');
    expect(panel.textContent).toContain('operator (operator) does not have the permission ‘Manage users’ that the Users display needs.');
    expect(screen.queryByText('account list')).toBeNull();
    fireEvent.click(within(panel).getByRole('button', { name: 'Sign in as someone else' }));
    expect(services.users.dialogOpen.get()).toBe(true);
  });

  it('a signed-out station is told it is not signed in', async () => {
    await renderHmi(
      <DisplaySection id="audit" active="audit">
        <p>records</p>
      </DisplaySection>,
      { as: null },
    );
    expect(screen.getByTestId('not-available').textContent).toContain('This station is not signed in, and the Audit display needs the permission ‘Read the audit trail’.');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeTruthy();
  });

  it('the role that may see it gets the display itself', async () => {
    await renderHmi(
      <DisplaySection id="users" active="users">
        <p>account list</p>
      </DisplaySection>,
      { as: 'admin' },
    );
    expect(screen.getByText('account list')).toBeTruthy();
    expect(screen.queryByTestId('not-available')).toBeNull();
  });
});

/** A screen with a Start button that writes a pump's command, and a button that opens another screen. */
function pumpScreen(): Screen {
  const loaded = loadScreenDocument({
    formatVersion: 1,
    kind: 'screen',
    id: 'pumps',
    name: 'Pumps',
    level: 'overview',
    size: { width: 400, height: 200 },
    elements: [
      { id: 'start', kind: 'symbol', symbol: 'button', x: 10, y: 10, width: 110, height: 48, props: { label: 'Start' }, actions: [{ type: 'write', tag: 'P101/Command', value: true }] },
      { id: 'go', kind: 'symbol', symbol: 'button', x: 140, y: 10, width: 110, height: 48, props: { label: 'Details' }, actions: [{ type: 'navigate', screen: 'pumps' }] },
    ],
  });
  if (!loaded.ok || loaded.value.kind !== 'screen') throw new Error(loaded.ok ? 'not a screen' : loaded.error.message);
  return loaded.value;
}

describe('screen commands follow tags.write', () => {
  const library = () => ({ screens: new Map([['pumps', pumpScreen()]]), templates: new Map(), problems: [] });

  it('maintenance: Start is disabled with the reason, and pressing it asks nothing; navigation still works', async () => {
    const { gateway } = await renderHmi(<ScreenNavigator library={library()} visible />, { as: 'maintenance' });
    const start = await screen.findByTestId('element:start');
    expect(start.getAttribute('aria-disabled')).toBe('true');
    expect(start.getAttribute('data-blocked')).toBe('Needs the permission ‘Write tag values’ — signed in as maintenance.');
    expect(start.querySelector('title')?.textContent).toBe('Needs the permission ‘Write tag values’ — signed in as maintenance.');
    fireEvent.click(start);
    fireEvent.keyDown(start, { key: 'Enter' });
    expect(screen.queryByTestId('write-popup')).toBeNull();
    expect(screen.queryByTestId('write-confirmation')).toBeNull();
    expect(gateway.paramsOf('tags.write')).toEqual([]);
    expect(screen.getByTestId('element:go').getAttribute('aria-disabled')).toBeNull();
  });

  it('an operator gets the confirmation', async () => {
    await renderHmi(<ScreenNavigator library={library()} visible />, { as: 'operator' });
    const start = await screen.findByTestId('element:start');
    expect(start.getAttribute('aria-disabled')).toBeNull();
    fireEvent.click(start);
    expect(await screen.findByTestId('write-confirmation')).toBeTruthy();
  });
});

describe('refusals name the permission by its phrase', () => {
  it('the gateway’s technical refusal reads as a sentence', () => {
    const error = new CallError('forbidden', 'maintenance (role maintenance) lacks the permission tags.write', 'tags.write');
    expect(refusalText(error)).toBe('Not allowed. Needs the permission ‘Write tag values’ — signed in as maintenance.');
    const named = new CallError('forbidden', 'jo.smith (role operator) lacks the permission devices.trust', 'devices.trust');
    expect(refusalText(named)).toBe('Not allowed. Needs the permission ‘Trust device certificates’ — signed in as jo.smith (operator).');
    // Not a permission (a password to change first): the runtime's words stay.
    const other = new CallError('forbidden', 'sam must choose a new password first (the administrator set this one)', 'mustChangePassword');
    expect(refusalText(other)).toBe('Not allowed. sam must choose a new password first (the administrator set this one)');
  });
});

describe('Escape closes the sign-in dialog wherever the focus is', () => {
  it('from a field in it, and from outside it (a click on the alarm banner took the focus)', async () => {
    const { services } = await renderHmi(
      <>
        <button type="button">opener</button>
        <SignInDialog />
      </>,
      { as: null },
    );
    const opener = screen.getByRole('button', { name: 'opener' });
    opener.focus();
    act(() => services.users.dialogOpen.set(true));
    const name = await screen.findByTestId('login-name');
    fireEvent.keyDown(name, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('login-dialog')).toBeNull());
    expect(document.activeElement).toBe(opener);

    act(() => services.users.dialogOpen.set(true));
    await screen.findByTestId('login-dialog');
    opener.focus();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('login-dialog')).toBeNull());
  });
});

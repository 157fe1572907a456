import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { RoleName } from '../../common/permissions.ts';
import type { ScreenSummary } from '../../common/screens-contract.ts';
import { EditorDisplay } from '../../renderer/editor/EditorDisplay.tsx';
import { emptyDocument } from '../../renderer/editor/documents/document-kind.ts';
import { renderHmi } from './support/render-hmi.tsx';

const AREA: ScreenSummary = { id: 'area', name: 'Pump area', kind: 'screen', level: 'area', file: 'screens/area.json', revision: 'r1' };

/** The editor with one stored screen, opened. */
async function openArea(as: RoleName | null) {
  await renderHmi(<EditorDisplay visible />, {
    as,
    handlers: {
      'screens.list': () => [AREA],
      'templates.list': () => [],
      'screens.get': () => ({ summary: AREA, document: emptyDocument('screen', 'area', 'Pump area') as unknown as Record<string, unknown>, warnings: [] }),
    },
  });
  const screens = await screen.findByRole('region', { name: 'Screens' });
  fireEvent.click(await within(screens).findByRole('button', { name: /Pump area/ }));
  await waitFor(() =>
    expect(
      within(screens)
        .getByRole('button', { name: /Pump area/ })
        .getAttribute('aria-current'),
    ).toBe('true'),
  );
  return screens;
}

describe('screens are changed with screens.configure; the editor rendered for others is read only', () => {
  it('an engineer creates, renames, duplicates and deletes screens, with no read-only note', async () => {
    const screens = await openArea('engineer');
    expect(within(screens).getByRole('button', { name: 'New' })).toHaveProperty('disabled', false);
    for (const name of ['Rename', 'Duplicate', 'Delete']) expect(within(screens).getByRole('button', { name })).toBeTruthy();
    expect(screen.queryByRole('note')).toBeNull();
  });

  it('an operator opens the same screen but gets no way to change it, and a note saying why', async () => {
    const screens = await openArea('operator');
    expect(within(screens).getByRole('button', { name: 'New' })).toHaveProperty('disabled', true);
    for (const name of ['Rename', 'Duplicate', 'Delete']) expect(within(screens).queryByRole('button', { name })).toBeNull();
    expect(screen.getByRole('note').textContent).toBe('Read only. Needs the permission ‘Edit screens’ — signed in as operator.');
  });

  it('nobody signed in is read-only too', async () => {
    await openArea(null);
    expect(screen.getByRole('note').textContent).toContain('not signed in: sign in first.');
  });
});

import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { RoleName } from '../../common/permissions.ts';
import { AlarmDefinitionsDisplay } from '../../renderer/alarms/definitions/AlarmDefinitionsDisplay.tsx';
import { renderHmi } from './support/render-hmi.tsx';

const HIHI = {
  id: 'Line1/Tank101/Level/HiHi',
  tag: 'Line1/Tank101/Level',
  condition: { type: 'hihi' as const, limit: 97 },
  priority: 'critical' as const,
  message: 'Tank T101 level {value} {units} above the high-high limit {limit} {units}',
};

/** The display with one stored definition, opened in the form. */
async function openDefinition(as: RoleName | null) {
  await renderHmi(<AlarmDefinitionsDisplay />, { as, handlers: { 'alarms.definitions.list': () => [{ file: 'alarms/line.json', definition: HIHI }] } });
  fireEvent.click(await screen.findByText(HIHI.id, { selector: 'td' }));
  return screen.getByRole('complementary', { name: 'Alarm definition' });
}

describe('alarm definitions are edited with alarms.editDefinitions, read by everyone', () => {
  it('an engineer gets the form enabled, with Save, and may create a new alarm', async () => {
    const editor = await openDefinition('engineer');
    expect(within(editor).getByRole('group')).toHaveProperty('disabled', false);
    expect(within(editor).getByTestId('def-save')).toBeTruthy();
    expect(within(editor).queryByTestId('def-read-only')).toBeNull();
    expect(screen.getByRole('button', { name: 'New alarm' })).toHaveProperty('disabled', false);
  });

  it('a supervisor (who also holds the permission) edits too', async () => {
    const editor = await openDefinition('supervisor');
    expect(within(editor).getByRole('group')).toHaveProperty('disabled', false);
  });

  it('an operator sees the same definition in a disabled form, says why, and has no save or new', async () => {
    const editor = await openDefinition('operator');
    expect(within(editor).getByRole('group')).toHaveProperty('disabled', true);
    expect(within(editor).getByTestId('def-read-only').textContent).toBe('Read only. Needs the permission ‘Edit alarm setup’ — signed in as operator.');
    expect(within(editor).queryByTestId('def-save')).toBeNull();
    expect(screen.getByRole('button', { name: 'New alarm' })).toHaveProperty('disabled', true);
  });

  it('nobody signed in is told which permission edits, and to sign in', async () => {
    const editor = await openDefinition(null);
    expect(within(editor).getByTestId('def-read-only').textContent).toBe('Read only. Needs the permission ‘Edit alarm setup’ — not signed in: sign in first.');
    expect(within(editor).getByRole('group')).toHaveProperty('disabled', true);
  });
});

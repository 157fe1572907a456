import { act, fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { Dialog } from '../../renderer/ui/Dialog.tsx';
import { FeedbackLine, useFeedback } from '../../renderer/ui/Feedback.tsx';
import { LoadProblem } from '../../renderer/ui/LoadProblem.tsx';
import { useCall } from '../../renderer/ui/use-call.ts';
import { renderHmi } from './support/render-hmi.tsx';

function Roles({ paused = false }: { paused?: boolean }) {
  const read = useCall('users.roles.list', {}, { paused });
  return (
    <section aria-label="Roles">
      {read.loading && <p>Reading…</p>}
      <LoadProblem call={read} what="Could not list the roles" />
      <ul>
        {read.data?.map((r) => (
          <li key={r.role}>{r.role}</li>
        ))}
      </ul>
    </section>
  );
}

const ROLES = [{ role: 'operator' as const, permissions: ['view' as const] }];

describe('useCall: one read with loading, error and retry', () => {
  it('shows loading, then the reason it failed with a Retry that reads again', async () => {
    let calls = 0;
    await renderHmi(<Roles />, {
      as: 'admin',
      handlers: {
        'users.roles.list': () => {
          calls++;
          if (calls === 1) throw { code: 'unavailable', message: 'the users store is being migrated' };
          return ROLES;
        },
      },
    });
    expect(screen.getByText('Reading…')).toBeTruthy();
    const problem = await screen.findByRole('alert');
    expect(problem.textContent).toContain('Could not list the roles: the users store is being migrated');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('operator')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(calls).toBe(2);
  });

  it('reads nothing while paused (a hidden display)', async () => {
    const { gateway } = await renderHmi(<Roles paused />, { as: 'admin', handlers: { 'users.roles.list': () => ROLES } });
    await act(async () => {});
    expect(gateway.paramsOf('users.roles.list')).toEqual([]);
    expect(screen.queryByText('Reading…')).toBeNull();
  });
});

function RolesAfterAction() {
  const [round, setRound] = useState(0);
  const read = useCall('users.roles.list', {}, { refreshKey: String(round) });
  return (
    <section aria-label="Roles">
      <button type="button" onClick={() => setRound((n) => n + 1)}>
        Read again
      </button>
      <button type="button" onClick={() => read.set([{ role: 'supervisor', permissions: ['view'] }])}>
        Act
      </button>
      <ul>
        {read.data?.map((r) => (
          <li key={r.role}>{r.role}</li>
        ))}
      </ul>
    </section>
  );
}

describe("useCall: the runtime's answer to an action wins over a read that was already under way", () => {
  it('drops a read started before set() when it arrives after it (it would put back the state from before the action)', async () => {
    let release: (roles: typeof ROLES) => void = () => {};
    let calls = 0;
    await renderHmi(<RolesAfterAction />, {
      as: 'admin',
      handlers: {
        'users.roles.list': () => {
          calls++;
          return calls === 1 ? ROLES : new Promise<typeof ROLES>((resolve) => (release = resolve));
        },
      },
    });
    expect(await screen.findByText('operator')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Read again' }));
    await act(async () => {});
    expect(calls).toBe(2);
    fireEvent.click(screen.getByRole('button', { name: 'Act' }));
    expect(await screen.findByText('supervisor')).toBeTruthy();
    await act(async () => release(ROLES));
    await act(async () => {});
    expect(screen.queryByText('operator')).toBeNull();
    expect(screen.getByText('supervisor')).toBeTruthy();
  });
});

function Command({ action }: { action: () => Promise<string> }) {
  const command = useFeedback();
  return (
    <>
      <button type="button" onClick={() => void command.run('Saving…', action, (text) => text)}>
        Save
      </button>
      <FeedbackLine feedback={command.feedback} testId="feedback" />
    </>
  );
}

describe('Feedback: every command shows pending, accepted or refused', () => {
  it('shows pending until the runtime answers, then accepted with what it said', async () => {
    let answer: (text: string) => void = () => undefined;
    await renderHmi(<Command action={() => new Promise((resolve) => (answer = resolve))} />, { as: 'operator' });
    expect(screen.queryByTestId('feedback')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByTestId('feedback').dataset['state']).toBe('pending');
    expect(screen.getByTestId('feedback').textContent).toBe('Saving…');
    await act(async () => answer('Saved to the shift logbook'));
    expect(screen.getByTestId('feedback').dataset['state']).toBe('accepted');
    expect(screen.getByTestId('feedback').textContent).toBe('Saved to the shift logbook');
  });

  it("shows a refusal with the runtime's reason", async () => {
    await renderHmi(<Command action={() => Promise.reject(new Error('the limit is 400'))} />, { as: 'operator' });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Refused. the limit is 400');
    expect(screen.getByTestId('feedback').dataset['state']).toBe('refused');
  });
});

function Opener() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Delete…
      </button>
      {open && (
        <Dialog role="alertdialog" label="Confirm delete" className="confirm" onClose={() => setOpen(false)}>
          <p>Delete it?</p>
          <button type="button">Delete</button>
        </Dialog>
      )}
    </>
  );
}

describe('Dialog: Escape cancels, and the focus goes back', () => {
  it('takes the focus when it opens, closes on Escape, and gives the focus back to the button that opened it', async () => {
    await renderHmi(<Opener />, { as: 'operator' });
    const opener = screen.getByRole('button', { name: 'Delete…' });
    opener.focus();
    fireEvent.click(opener);
    const dialog = screen.getByRole('alertdialog', { name: 'Confirm delete' });
    expect(document.activeElement).toBe(dialog);
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(opener);
  });
});

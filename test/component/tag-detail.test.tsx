import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { AlarmInfo } from '../../common/alarms.ts';
import type { RoleName } from '../../common/permissions.ts';
import type { TagInfo } from '../../common/tag.ts';
import { TagsDisplay } from '../../renderer/tags/TagsDisplay.tsx';
import { renderHmi } from './support/render-hmi.tsx';

const SPEED: TagInfo = {
  path: 'Line1/Conveyor/Speed',
  description: 'Conveyor speed',
  dataType: 'float64',
  units: 'm/min',
  decimals: 1,
  range: { min: 0, max: 120 },
  writeLimits: { min: 0, max: 100 },
  writable: true,
  device: 'plc1',
  history: false,
};
const LEVEL: TagInfo = { path: 'Line1/Tank/Level', description: 'Tank level', dataType: 'float64', units: '%', decimals: 1, range: { min: 0, max: 100 }, writable: false, device: 'plc1', history: false };
const AT = Date.UTC(2026, 11, 7, 9, 30, 0);

const HIGH: AlarmInfo = {
  id: 'Line1/Conveyor/Speed.hi',
  tag: 'Line1/Conveyor/Speed',
  area: 'Line1',
  priority: 'high',
  conditionType: 'hi',
  state: 'unackActive',
  active: true,
  acknowledged: false,
  message: 'Conveyor speed high (96.5 m/min)',
  value: 96.5,
  quality: 'Good',
  units: 'm/min',
  raisedAt: AT,
  since: AT,
  firstOut: false,
  chattering: false,
  latched: false,
};

async function openTags(as: RoleName | null) {
  const rendered = await renderHmi(<TagsDisplay />, {
    as,
    handlers: {
      'tags.list': () => [SPEED, LEVEL],
      'tags.subscribe': () => ({
        subscriptionId: 1,
        paths: [SPEED.path, LEVEL.path],
        values: [
          { value: 96.5, quality: 'Good', sourceTime: AT, serverTime: AT + 5 },
          { value: 40, quality: 'BadNoCommunication', sourceTime: AT, serverTime: AT + 5 },
        ],
      }),
      'alarms.subscribe': () => ({ subscriptionId: 1, alarms: [HIGH], summary: summary() }),
    },
  });
  await screen.findByTestId(`tag-row:${SPEED.path}`);
  await waitFor(() => expect(screen.getByTestId(`tag-row:${SPEED.path}`).textContent).toContain('96.5'));
  return rendered;
}

describe('a row of the Tags table opens that tag’s detail', () => {
  it('a click opens value, quality in words with its code, both times, range, its alarms, and a write for an operator', async () => {
    await openTags('operator');
    fireEvent.click(screen.getByTestId(`tag-row:${SPEED.path}`));
    const detail = await screen.findByRole('dialog', { name: `Tag ${SPEED.path}` });
    expect(within(detail).getByTestId('tag-detail-value').textContent).toContain('96.5');
    expect(within(detail).getByTestId('tag-detail-quality').textContent).toContain('Good');
    expect(detail.textContent).toContain('Source time');
    expect(detail.textContent).toContain('Server time');
    expect(detail.textContent).toContain('0.0 – 120.0 m/min');
    const alarms = await within(detail).findByTestId('tag-detail-alarms');
    expect(alarms.textContent).toContain('Active, not acknowledged');
    expect(alarms.textContent).toContain('Conveyor speed high (96.5 m/min)');
    expect(within(detail).getByRole('link', { name: 'Open in Trends' }).getAttribute('href')).toBe('#/trends?pens=Line1%2FConveyor%2FSpeed');
    const write = within(detail).getByRole('button', { name: 'New value…' });
    expect(write).toHaveProperty('disabled', false);
    fireEvent.click(write);
    expect(within(detail).getByTestId('write-input')).toBeTruthy();
  });

  it('maintenance sees the write disabled, with the reason on it and beside it', async () => {
    await openTags('maintenance');
    fireEvent.click(screen.getByTestId(`tag-row:${SPEED.path}`));
    const detail = await screen.findByTestId('tag-detail');
    const write = within(detail).getByRole('button', { name: 'New value…' });
    expect(write).toHaveProperty('disabled', true);
    expect(write.getAttribute('title')).toBe('Needs the permission ‘Write tag values’ — signed in as maintenance.');
    expect(within(detail).getByRole('note').textContent).toBe('Needs the permission ‘Write tag values’ — signed in as maintenance.');
  });

  it('Enter on the focused row opens it, a bad value shows its quality in words, a read-only tag says so; Escape closes and the focus is back on the row', async () => {
    await openTags(null);
    const row = screen.getByTestId(`tag-row:${SPEED.path}`);
    expect(row.getAttribute('tabindex')).toBe('0');
    row.focus();
    fireEvent.keyDown(row, { key: 'ArrowDown' });
    const level = screen.getByTestId(`tag-row:${LEVEL.path}`);
    expect(document.activeElement).toBe(level);
    fireEvent.keyDown(level, { key: 'Enter' });
    const detail = await screen.findByRole('dialog', { name: `Tag ${LEVEL.path}` });
    expect(within(detail).getByTestId('tag-detail-quality').textContent).toContain('BadNoCommunication');
    expect(detail.textContent).toContain('This tag is read-only.');
    expect(within(detail).queryByTestId('tag-detail-alarms')).toBeNull();
    fireEvent.keyDown(detail, { key: 'Escape' });
    await waitFor(() => expect(screen.queryByTestId('tag-detail')).toBeNull());
    expect(document.activeElement).toBe(screen.getByTestId(`tag-row:${LEVEL.path}`));
  });
});

function summary() {
  const none = { critical: 0, high: 0, medium: 0, low: 0 };
  return { active: { ...none, high: 1 }, unacknowledged: { ...none, high: 1 }, totalActive: 1, totalUnacknowledged: 1, shelved: 0, suppressed: 0, outOfService: 0 };
}

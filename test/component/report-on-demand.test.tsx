import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { OeeResult, ReportSummary, ShiftInstance } from '../../common/reports-contract.ts';
import { OeeTiles } from '../../renderer/reports/OeeTiles.tsx';
import { OnDemandReport } from '../../renderer/reports/OnDemandReport.tsx';
import { renderHmi } from './support/render-hmi.tsx';

const HOUR = 3_600_000;
const now = Date.now();
const running: ShiftInstance = { id: '2026-12-07/Late', shift: 'Late', localDate: '2026-12-07', start: now - 2 * HOUR, end: now + 6 * HOUR, breaks: [], plannedMs: 8 * HOUR };
const ended: ShiftInstance = { id: '2026-12-07/Early', shift: 'Early', localDate: '2026-12-07', start: now - 10 * HOUR, end: now - 2 * HOUR, breaks: [], plannedMs: 8 * HOUR };
const made: ReportSummary = { id: 7, shiftId: running.id, shift: 'Late', start: running.start, end: running.end, version: 1, generatedAt: now, contentSha256: 'a'.repeat(64), oee: 0.5, signature: null, to: now, provisional: true };

function oee(partial: Partial<OeeResult> = {}): OeeResult {
  return {
    line: 'Line1',
    shiftId: running.id,
    from: running.start,
    to: now,
    plannedMs: 2 * HOUR,
    runMs: HOUR,
    downtimeMs: 0.5 * HOUR,
    unknownMs: 0.5 * HOUR,
    good: 990,
    reject: 10,
    total: 1000,
    idealRatePerMinute: 600,
    availability: 2 / 3,
    performance: 0.5,
    quality: 0.99,
    oee: 0.33,
    complete: false,
    downtime: [],
    pareto: [],
    ...partial,
  };
}

describe('a report on demand', () => {
  it('offers the current shift first and asks the runtime for it, saying the result is provisional', async () => {
    let made7: ReportSummary | undefined;
    const { gateway } = await renderHmi(<OnDemandReport zone="Europe/Berlin" visible onMade={(s) => (made7 = s)} />, {
      as: 'supervisor',
      handlers: { 'shifts.list': () => ({ timeZone: 'Europe/Berlin', current: running, shifts: [ended, running] }), 'reports.generate': () => made },
    });
    const choice = await screen.findByTestId('report-demand-choice');
    await waitFor(() => expect((choice as HTMLSelectElement).value).toBe(running.id));
    expect(screen.getByRole('option', { name: /^Current shift so far: Late/ })).toBeTruthy();
    fireEvent.click(screen.getByTestId('report-demand-generate'));
    await waitFor(() => expect(screen.getByTestId('report-demand-feedback').textContent).toBe('Report made. It is provisional until signed.'));
    expect(gateway.paramsOf('reports.generate')).toEqual([{ shiftId: running.id }]);
    expect(made7?.id).toBe(7);
  });

  it('sends a custom range read in the plant time zone', async () => {
    const { gateway } = await renderHmi(<OnDemandReport zone="Europe/Berlin" visible onMade={() => {}} />, {
      as: 'supervisor',
      handlers: { 'shifts.list': () => ({ timeZone: 'Europe/Berlin', current: running, shifts: [running] }), 'reports.generate': () => made },
    });
    await screen.findByTestId('report-demand-choice');
    fireEvent.change(screen.getByTestId('report-demand-choice'), { target: { value: 'custom' } });
    fireEvent.change(screen.getByTestId('report-demand-from'), { target: { value: '2026-07-01T06:00' } });
    fireEvent.change(screen.getByTestId('report-demand-to'), { target: { value: '2026-07-01T08:30' } });
    fireEvent.click(screen.getByTestId('report-demand-generate'));
    // Berlin is UTC+2 in July.
    await waitFor(() => expect(gateway.paramsOf('reports.generate')).toEqual([{ from: Date.UTC(2026, 6, 1, 4), to: Date.UTC(2026, 6, 1, 6, 30) }]));
  });

  it('is disabled with the reason for an operator, who may not generate reports', async () => {
    await renderHmi(<OnDemandReport zone="Europe/Berlin" visible onMade={() => {}} />, { as: 'operator', handlers: { 'shifts.list': () => ({ timeZone: 'Europe/Berlin', current: running, shifts: [running] }) } });
    const button = await screen.findByTestId('report-demand-generate');
    expect(button).toHaveProperty('disabled', true);
    expect(button.getAttribute('title')).toMatch(/operator/);
  });
});

describe('the OEE tiles carry their inputs’ quality', () => {
  it('replace every number by the hatched code box when the inputs are bad, and say how old they are', () => {
    render(<OeeTiles oee={oee({ inputs: { quality: 'BadNotConnected', sourceTime: now - 60_000 } })} testId="tiles" />);
    expect(screen.getByTestId('tiles').getAttribute('data-quality')).toBe('bad');
    expect(screen.getAllByTestId('quality-marker').map((m) => m.textContent)).toEqual(['COMM', 'COMM', 'COMM', 'COMM']);
    expect(screen.queryByText('33.0 %')).toBeNull();
    expect(screen.getByTestId('oee-inputs').textContent).toMatch(/not live\.$/);
    expect(screen.getByTestId('oee-incomplete').textContent).toContain('30.0 min of the shift has no good history: unknown time');
  });

  it('dim the numbers with a marker when the inputs are uncertain, and show them plainly when good', () => {
    const { unmount } = render(<OeeTiles oee={oee({ inputs: { quality: 'UncertainLastUsableValue', sourceTime: now } })} testId="tiles" />);
    expect(screen.getByTestId('tiles').getAttribute('data-quality')).toBe('uncertain');
    expect(screen.getByText('33.0 %')).toBeTruthy();
    expect(screen.getAllByTestId('quality-marker')[0]!.textContent).toBe('STALE');
    unmount();
    render(<OeeTiles oee={oee({ inputs: { quality: 'Good', sourceTime: now }, complete: true, unknownMs: 0 })} testId="tiles" />);
    expect(screen.queryAllByTestId('quality-marker')).toEqual([]);
    expect(screen.queryByTestId('oee-inputs')).toBeNull();
  });
});

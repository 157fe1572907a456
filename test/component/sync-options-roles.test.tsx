import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ConnectorOptionsView } from '../../common/mes-connector-options.ts';
import type { RoleName } from '../../common/permissions.ts';
import { ConnectorOptionsPanel } from '../../renderer/sync/ConnectorOptionsPanel.tsx';
import { renderHmi } from './support/render-hmi.tsx';

const ERP: ConnectorOptionsView = {
  id: 'erp',
  type: 'rest',
  enabled: true,
  options: { baseUrl: 'http://mes.plant.local/api' },
  secrets: { token: { set: true } },
  fields: [
    { name: 'baseUrl', label: 'Base URL', kind: 'url', required: true },
    { name: 'token', label: 'Token', kind: 'secret', required: false },
  ],
};

async function renderOptions(as: RoleName) {
  await renderHmi(<ConnectorOptionsPanel visible />, { as, handlers: { 'mes.connectors.list': () => [ERP] } });
  return screen.findByRole('region', { name: 'Connector options' });
}

describe('connector options are edited with mes.configure', () => {
  it('an engineer edits the address, the enabled switch and the secret (write-only), with Save', async () => {
    const panel = await renderOptions('engineer');
    expect(within(panel).getByRole('textbox', { name: 'Base URL' })).toHaveProperty('value', 'http://mes.plant.local/api');
    expect(within(panel).getByRole('checkbox', { name: 'Enabled' })).toHaveProperty('checked', true);
    expect(within(panel).getByRole('button', { name: 'Change' })).toBeTruthy();
    expect(within(panel).getByRole('button', { name: 'Save' })).toBeTruthy();
  });

  it('a supervisor (no mes.configure) reads the same options as text, the secret only as set, and can change nothing', async () => {
    const panel = await renderOptions('supervisor');
    expect(within(panel).getByText('http://mes.plant.local/api')).toBeTruthy();
    expect(within(panel).getByText('Read only. Needs the permission ‘Configure the MES connection’ — signed in as supervisor.')).toBeTruthy();
    expect(within(panel).getByText('set')).toBeTruthy();
    expect(within(panel).queryAllByRole('textbox')).toEqual([]);
    expect(within(panel).queryAllByRole('checkbox')).toEqual([]);
    expect(within(panel).queryAllByRole('button')).toEqual([]);
  });
});

import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ConnectorMappings } from '../../common/mes-contract.ts';
import { MappingsPanel } from '../../renderer/sync/MappingsPanel.tsx';
import { renderHmi } from './support/render-hmi.tsx';

const ERP: ConnectorMappings = {
  id: 'erp',
  type: 'b2mml-http',
  enabled: true,
  mappings: {
    materials: [{ external: 'MAT-100', local: 'bottle-500ml' }],
    workCentres: [],
    reasonCodes: [],
    units: [{ external: 'CS', local: 'EA', factor: 24, offset: 0 }],
  },
};

async function renderMappings(as: 'operator' | 'engineer' | null) {
  const rendered = await renderHmi(<MappingsPanel visible />, { as, handlers: { 'mes.mappings.list': () => [ERP] } });
  return { ...rendered, panel: await screen.findByRole('region', { name: 'Mappings' }) };
}

describe('the MES mapping tables follow the permission mes.configure', () => {
  it('an engineer edits the codes and units in place, with Save and Add', async () => {
    const { panel } = await renderMappings('engineer');
    expect(within(panel).getByRole('textbox', { name: 'Material codes row 1 MES code' })).toHaveProperty('value', 'MAT-100');
    expect(within(panel).getByRole('textbox', { name: 'Units row 1 factor' })).toHaveProperty('value', '24');
    expect(within(panel).getByRole('button', { name: 'Save' })).toBeTruthy();
    expect(within(panel).getByRole('button', { name: 'Add material code' })).toBeTruthy();
    expect(within(panel).queryByText(/Read only/)).toBeNull();
  });

  it('an operator sees the same rows as text, says why, and has nothing to change them with', async () => {
    const { panel } = await renderMappings('operator');
    expect(within(panel).getByText('MAT-100')).toBeTruthy();
    expect(within(panel).getByText('24')).toBeTruthy();
    expect(within(panel).getByText('Read only. Needs the permission ‘Configure the MES connection’ — signed in as operator.')).toBeTruthy();
    expect(within(panel).queryAllByRole('textbox')).toEqual([]);
    expect(within(panel).queryAllByRole('button')).toEqual([]);
  });

  it('nobody signed in gets the read-only tables too', async () => {
    const { panel } = await renderMappings(null);
    expect(within(panel).getByText('bottle-500ml')).toBeTruthy();
    expect(within(panel).queryAllByRole('textbox')).toEqual([]);
  });

  it('an operator whose role was given mes.configure edits, so the check reads the permission, not the role name', async () => {
    const rendered = await renderHmi(<MappingsPanel visible />, {
      as: 'operator',
      permissions: ['view', 'mes.configure'],
      handlers: { 'mes.mappings.list': () => [ERP] },
    });
    const panel = await screen.findByRole('region', { name: 'Mappings' });
    expect(within(panel).getByRole('textbox', { name: 'Material codes row 1 plant code' })).toHaveProperty('value', 'bottle-500ml');
    expect(rendered.gateway.unhandled).toEqual([]);
  });
});

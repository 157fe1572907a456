import type { TFunction } from 'i18next';
import { useState, type ReactNode } from 'react';
import type { BrowseNode } from '../../common/devices-contract.ts';
import { assertNever } from '../../common/result.ts';
import { useT } from '../i18n/i18n.ts';
import { Feedback } from '../ui/Feedback.tsx';
import { buildTagEntries, tagDataType, type PickedVariable, type Skipped, type SkipReason } from './tag-json.ts';
import { useBrowseTree, type BrowseTree } from './use-browse-tree.ts';
import { problemText } from '../ui/texts.ts';

/** Deeper than this is not shown (a loop in a server's references must not hang the page). */
const MAX_DEPTH = 12;

export interface BrowseImport {
  /** Imports tag definitions as one change; resolves with what to tell the engineer, or rejects with the refusal. */
  importTags(tags: Record<string, unknown>[]): Promise<string>;
  /** Engineers and admins may import; others browse only. */
  editable: boolean;
}

type ImportState = { readonly state: 'idle' } | { readonly state: 'pending' | 'accepted' | 'refused'; readonly text: string; readonly skipped: readonly Skipped[] };

/** Why a variable was left out, in the reader's language. */
function skipText(reason: SkipReason, t: TFunction<'devices'>): string {
  switch (reason.kind) {
    case 'type':
      return reason.dataType === undefined ? t('browse.skip.typeUnknown') : t('browse.skip.type', { dataType: reason.dataType });
    case 'duplicate':
      return t('browse.skip.duplicate');
    case 'array':
      return reason.length === 0 ? t('browse.skip.arrayUnknown', { max: reason.max }) : t('browse.skip.arrayLength', { length: reason.length, max: reason.max });
    case 'invalid':
      return t('browse.skip.invalid', { message: reason.message });
    default:
      return assertNever(reason, 'skip reason');
  }
}

/**
 * The device's address space as a tree, loaded a level at a time: objects open, variables show their
 * address (NodeId), data type and description and can be picked. Picked variables are imported as
 * tags under a path prefix, with the data type taken from the variable's; the runtime checks and
 * applies them live like any other tag edit.
 */
export function BrowsePanel({ device, connected, importer }: { device: string; connected: boolean; importer: BrowseImport }) {
  const { t } = useT('devices');
  const tree = useBrowseTree(device, connected);
  const [picked, setPicked] = useState<ReadonlyMap<string, PickedVariable>>(new Map());
  const [prefix, setPrefix] = useState('');
  const [result, setResult] = useState<ImportState>({ state: 'idle' });

  const togglePick = (node: BrowseNode, names: readonly string[]) => {
    const address = node.address;
    if (address === undefined) return;
    setPicked((map) => {
      const next = new Map(map);
      if (next.has(address)) next.delete(address);
      else next.set(address, { names, address, dataType: node.dataType, description: node.description, arrayLength: node.arrayLength });
      return next;
    });
  };

  const importPicked = async () => {
    const { tags, skipped } = buildTagEntries(device, [...picked.values()], prefix);
    if (tags.length === 0) {
      setResult({ state: 'refused', text: t('browse.nothingToImport'), skipped });
      return;
    }
    setResult({ state: 'pending', text: t('browse.importing', { count: tags.length }), skipped });
    try {
      const text = await importer.importTags(tags as Record<string, unknown>[]);
      setResult({ state: 'accepted', text, skipped });
      setPicked(new Map());
    } catch (error) {
      setResult({ state: 'refused', text: t('browse.refused', { reason: problemText(error) }), skipped });
    }
  };

  const root = tree.children.get('');
  return (
    <section className="devices__panel" aria-label={t('browse.title')} data-testid="browse-panel">
      <div className="devices__panel-head">
        <h2 className="devices__panel-title">{t('browse.title')}</h2>
        <span className="devices__muted" data-testid="picked-count">
          {picked.size === 0 ? t('browse.pickHint') : t('browse.picked', { count: picked.size })}
        </span>
        <button type="button" className="button" disabled={!connected} onClick={() => tree.reload('')}>
          {t('browse.refresh')}
        </button>
      </div>
      <div className="devices__import">
        <label className="devices__muted" htmlFor={`browse-prefix-${device}`}>
          {t('browse.prefix')}
        </label>
        <input id={`browse-prefix-${device}`} className="alarm-input devices__prefix" value={prefix} onChange={(e) => setPrefix(e.target.value)} placeholder={t('browse.prefixPlaceholder')} spellCheck={false} data-testid="import-prefix" />
        <button
          type="button"
          className="button"
          disabled={picked.size === 0 || !importer.editable || result.state === 'pending'}
          onClick={() => void importPicked()}
          title={importer.editable ? undefined : t('browse.importNeeds')}
          data-testid="import-tags"
        >
          {t('browse.import')}
        </button>
        {!importer.editable && <span className="devices__muted">{t('browse.readOnly')}</span>}
      </div>
      {result.state !== 'idle' && (
        <Feedback state={result.state} testId="import-feedback">
          {result.text}
          {result.skipped.length > 0 && (
            <ul className="devices__skipped">
              {result.skipped.map((skip) => (
                <li key={skip.path}>{t('browse.leftOut', { path: skip.path, why: skipText(skip.reason, t) })}</li>
              ))}
            </ul>
          )}
        </Feedback>
      )}
      {!connected && root === undefined && <p className="devices__empty">{t('browse.notConnected')}</p>}
      {root !== undefined && (
        <div className="devices__scroll devices__scroll--tree">
          <table className="devices__tree" role="treegrid" aria-label={t('browse.addressSpace', { device })}>
            <thead>
              <tr>
                <th scope="col">{t('browse.name')}</th>
                <th scope="col">{t('browse.address')}</th>
                <th scope="col">{t('browse.dataType')}</th>
                <th scope="col">{t('browse.description')}</th>
              </tr>
            </thead>
            <tbody>{levelRows(tree, '', [], 0, picked, togglePick, t)}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function levelRows(
  tree: BrowseTree,
  browsePath: string,
  names: readonly string[],
  depth: number,
  picked: ReadonlyMap<string, PickedVariable>,
  togglePick: (node: BrowseNode, names: readonly string[]) => void,
  t: TFunction<'devices'>,
): ReactNode[] {
  const level = tree.children.get(browsePath);
  const indent = { paddingLeft: `${8 + depth * 20}px` };
  if (!level || level.state === 'loading') {
    return [
      <tr key={`${browsePath}:loading`}>
        <td colSpan={4} className="devices__muted" style={indent}>
          {t('browse.loading')}
        </td>
      </tr>,
    ];
  }
  if (level.state === 'error') {
    return [
      <tr key={`${browsePath}:error`}>
        <td colSpan={4} style={indent}>
          <span className="devices__problem">{level.message}</span>{' '}
          <button type="button" className="button devices__small" onClick={() => tree.reload(browsePath)}>
            {t('browse.retry')}
          </button>
        </td>
      </tr>,
    ];
  }
  if (level.nodes.length === 0) {
    return [
      <tr key={`${browsePath}:empty`}>
        <td colSpan={4} className="devices__muted" style={indent}>
          {t('browse.empty')}
        </td>
      </tr>,
    ];
  }
  const rows: ReactNode[] = [];
  for (const node of level.nodes) {
    const here = [...names, node.name];
    const key = `${browsePath}/${node.browsePath ?? node.address ?? node.name}`;
    const open = node.browsePath !== undefined && tree.expanded.has(node.browsePath);
    const mappable = tagDataType(node.dataType) !== undefined;
    rows.push(
      <tr key={key} className="devices__node" data-testid={`node:${node.name}`} aria-level={depth + 1} aria-expanded={node.browsePath !== undefined ? open : undefined}>
        <td style={indent}>
          <div className="devices__node-cell">
            {node.browsePath !== undefined ? (
              <button type="button" className="devices__toggle" onClick={() => tree.toggle(node.browsePath!)} aria-label={open ? t('browse.close', { name: node.name }) : t('browse.open', { name: node.name })} data-testid="toggle">
                {open ? '▾' : '▸'}
              </button>
            ) : (
              <span className="devices__toggle-space" />
            )}
            {node.address !== undefined && (
              <input
                type="checkbox"
                className="devices__pick"
                checked={picked.has(node.address)}
                onChange={() => togglePick(node, here)}
                aria-label={t('browse.pick', { name: node.name })}
                title={
                  mappable
                    ? t(node.arrayLength === undefined ? 'browse.pickAs' : 'browse.pickAsArray', { dataType: tagDataType(node.dataType) })
                    : node.dataType === undefined
                      ? t('browse.noTagTypeUnknown')
                      : t('browse.noTagType', { dataType: node.dataType })
                }
                data-testid="pick"
              />
            )}
            <span data-project-text="">{node.name}</span>
          </div>
        </td>
        <td className="devices__mono">{node.address ?? ''}</td>
        <td>{node.dataType === undefined ? '' : node.arrayLength === undefined ? node.dataType : `${node.dataType}[${node.arrayLength || ''}]`}</td>
        <td className="devices__muted devices__node-description" title={node.description} data-project-text="">
          {node.description ?? ''}
        </td>
      </tr>,
    );
    if (open && depth < MAX_DEPTH) rows.push(...levelRows(tree, node.browsePath!, here, depth + 1, picked, togglePick, t));
  }
  return rows;
}

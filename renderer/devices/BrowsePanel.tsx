import { useState, type ReactNode } from 'react';
import type { BrowseNode } from '../../common/devices-contract.ts';
import { Feedback } from '../ui/Feedback.tsx';
import { buildTagEntries, tagDataType, type PickedVariable } from './tag-json.ts';
import { useBrowseTree, type BrowseTree } from './use-browse-tree.ts';

/** Deeper than this is not shown (a loop in a server's references must not hang the page). */
const MAX_DEPTH = 12;

export interface BrowseImport {
  /** Imports tag definitions as one change; resolves with what to tell the engineer, or rejects with the refusal. */
  importTags(tags: Record<string, unknown>[]): Promise<string>;
  /** Engineers and admins may import; others browse only. */
  editable: boolean;
}

type ImportState = { readonly state: 'idle' } | { readonly state: 'pending' | 'accepted' | 'refused'; readonly text: string; readonly skipped: readonly string[] };

/**
 * The device's address space as a tree, loaded a level at a time: objects open, variables show their
 * address (NodeId), data type and description and can be picked. Picked variables are imported as
 * tags under a path prefix, with the data type taken from the variable's; the runtime checks and
 * applies them live like any other tag edit.
 */
export function BrowsePanel({ device, connected, importer }: { device: string; connected: boolean; importer: BrowseImport }) {
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
      setResult({ state: 'refused', text: 'Nothing to import: every picked variable was left out.', skipped });
      return;
    }
    setResult({ state: 'pending', text: `Importing ${tags.length} tag(s)…`, skipped });
    try {
      const text = await importer.importTags(tags as Record<string, unknown>[]);
      setResult({ state: 'accepted', text, skipped });
      setPicked(new Map());
    } catch (error) {
      setResult({ state: 'refused', text: `Refused. ${(error as Error).message}`, skipped });
    }
  };

  const root = tree.children.get('');
  return (
    <section className="devices__panel" aria-label="Browse" data-testid="browse-panel">
      <div className="devices__panel-head">
        <h2 className="devices__panel-title">Browse</h2>
        <span className="devices__muted" data-testid="picked-count">
          {picked.size === 0 ? 'Pick variables to import them as tags' : `${picked.size} picked`}
        </span>
        <button type="button" className="button" disabled={!connected} onClick={() => tree.reload('')}>
          Refresh
        </button>
      </div>
      <div className="devices__import">
        <label className="devices__muted" htmlFor={`browse-prefix-${device}`}>
          Path prefix
        </label>
        <input id={`browse-prefix-${device}`} className="alarm-input devices__prefix" value={prefix} onChange={(e) => setPrefix(e.target.value)} placeholder="e.g. Line1/PLC2" spellCheck={false} data-testid="import-prefix" />
        <button
          type="button"
          className="button"
          disabled={picked.size === 0 || !importer.editable || result.state === 'pending'}
          onClick={() => void importPicked()}
          title={importer.editable ? undefined : 'Importing tags needs the permission tags.configure'}
          data-testid="import-tags"
        >
          Import as tags
        </button>
        {!importer.editable && <span className="devices__muted">Read-only: importing needs the permission tags.configure</span>}
      </div>
      {result.state !== 'idle' && (
        <Feedback state={result.state} testId="import-feedback">
          {result.text}
          {result.skipped.length > 0 && (
            <ul className="devices__skipped">
              {result.skipped.map((line) => (
                <li key={line}>Left out: {line}</li>
              ))}
            </ul>
          )}
        </Feedback>
      )}
      {!connected && root === undefined && <p className="devices__empty">The device is not connected: browsing needs a connection.</p>}
      {root !== undefined && (
        <div className="devices__scroll devices__scroll--tree">
          <table className="devices__tree" role="treegrid" aria-label={`Address space of ${device}`}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Address</th>
                <th scope="col">Data type</th>
                <th scope="col">Description</th>
              </tr>
            </thead>
            <tbody>{levelRows(tree, '', [], 0, picked, togglePick)}</tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function levelRows(tree: BrowseTree, browsePath: string, names: readonly string[], depth: number, picked: ReadonlyMap<string, PickedVariable>, togglePick: (node: BrowseNode, names: readonly string[]) => void): ReactNode[] {
  const level = tree.children.get(browsePath);
  const indent = { paddingLeft: `${8 + depth * 20}px` };
  if (!level || level.state === 'loading') {
    return [
      <tr key={`${browsePath}:loading`}>
        <td colSpan={4} className="devices__muted" style={indent}>
          Loading…
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
            Retry
          </button>
        </td>
      </tr>,
    ];
  }
  if (level.nodes.length === 0) {
    return [
      <tr key={`${browsePath}:empty`}>
        <td colSpan={4} className="devices__muted" style={indent}>
          Empty
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
              <button type="button" className="devices__toggle" onClick={() => tree.toggle(node.browsePath!)} aria-label={`${open ? 'Close' : 'Open'} ${node.name}`} data-testid="toggle">
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
                aria-label={`Pick ${node.name}`}
                title={mappable ? `Pick to import as a ${tagDataType(node.dataType)}${node.arrayLength === undefined ? '' : ' array'} tag` : `${node.dataType ?? 'This type'} has no Lineside tag type; it will be left out`}
                data-testid="pick"
              />
            )}
            <span>{node.name}</span>
          </div>
        </td>
        <td className="devices__mono">{node.address ?? ''}</td>
        <td>{node.dataType === undefined ? '' : node.arrayLength === undefined ? node.dataType : `${node.dataType}[${node.arrayLength || ''}]`}</td>
        <td className="devices__muted devices__node-description" title={node.description}>
          {node.description ?? ''}
        </td>
      </tr>,
    );
    if (open && depth < MAX_DEPTH) rows.push(...levelRows(tree, node.browsePath!, here, depth + 1, picked, togglePick));
  }
  return rows;
}

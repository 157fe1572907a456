import { useState, type ReactNode } from 'react';
import type { BrowseNode } from '../../../common/devices-contract.ts';
import { buildTagJson, tagDataType, type PickedVariable, type TagJson } from './tag-json.ts';
import { useBrowseTree, type BrowseTree } from './use-browse-tree.ts';

/** Deeper than this is not shown (a loop in a server's references must not hang the page). */
const MAX_DEPTH = 12;

/**
 * The device's address space as a tree, loaded a level at a time: objects open, variables show their
 * address (NodeId), data type and description and can be picked. Picked variables can be copied as
 * tag definitions to paste into the project's tags/*.json (live import needs project editing, which
 * Lineside does not have yet).
 */
export function BrowsePanel({ device, connected }: { device: string; connected: boolean }) {
  const tree = useBrowseTree(device, connected);
  const [picked, setPicked] = useState<ReadonlyMap<string, PickedVariable>>(new Map());
  const [output, setOutput] = useState<(TagJson & { copied: string }) | undefined>(undefined);

  const togglePick = (node: BrowseNode, names: readonly string[]) => {
    const address = node.address;
    if (address === undefined) return;
    setPicked((map) => {
      const next = new Map(map);
      if (next.has(address)) next.delete(address);
      else next.set(address, { names, address, dataType: node.dataType, description: node.description });
      return next;
    });
  };

  const copy = () => {
    const json = buildTagJson(device, [...picked.values()]);
    setOutput({ ...json, copied: 'Copying…' });
    const clipboard = navigator.clipboard as Clipboard | undefined;
    if (!clipboard) {
      setOutput({ ...json, copied: 'This window has no clipboard access: select the text below and copy it.' });
      return;
    }
    clipboard.writeText(json.text).then(
      () => setOutput({ ...json, copied: 'Copied to the clipboard.' }),
      () => setOutput({ ...json, copied: 'The clipboard refused: select the text below and copy it.' }),
    );
  };

  const root = tree.children.get('');
  return (
    <section className="devices__panel" aria-label="Browse" data-testid="browse-panel">
      <div className="devices__panel-head">
        <h2 className="devices__panel-title">Browse</h2>
        <span className="devices__muted" data-testid="picked-count">
          {picked.size === 0 ? 'Pick variables to copy them as tags' : `${picked.size} picked`}
        </span>
        <button type="button" className="button" disabled={picked.size === 0} onClick={copy} data-testid="copy-tags">
          Copy as tag JSON
        </button>
        <button type="button" className="button" disabled={!connected} onClick={() => tree.reload('')}>
          Refresh
        </button>
      </div>
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
      {output && (
        <div className="devices__output" data-testid="tag-json">
          <p>
            {output.count} tag definition{output.count === 1 ? '' : 's'} for <code>{device}</code>. {output.copied} Paste them into a
            file under the project&apos;s <code>tags/</code> folder and restart the runtime; importing them live will come with project editing.
          </p>
          {output.skipped.length > 0 && (
            <ul className="devices__skipped">
              {output.skipped.map((line) => (
                <li key={line}>Left out: {line}</li>
              ))}
            </ul>
          )}
          <textarea className="devices__json" readOnly value={output.text} rows={8} aria-label="Tag JSON" data-testid="tag-json-text" />
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
): ReactNode[] {
  const level = tree.children.get(browsePath);
  const indent = { paddingLeft: `${8 + depth * 20}px` };
  if (!level || level.state === 'loading') {
    return [<tr key={`${browsePath}:loading`}><td colSpan={4} className="devices__muted" style={indent}>Loading…</td></tr>];
  }
  if (level.state === 'error') {
    return [
      <tr key={`${browsePath}:error`}>
        <td colSpan={4} style={indent}>
          <span className="devices__problem">{level.message}</span>{' '}
          <button type="button" className="button devices__small" onClick={() => tree.reload(browsePath)}>Retry</button>
        </td>
      </tr>,
    ];
  }
  if (level.nodes.length === 0) {
    return [<tr key={`${browsePath}:empty`}><td colSpan={4} className="devices__muted" style={indent}>Empty</td></tr>];
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
                title={mappable ? 'Pick for "Copy as tag JSON"' : `${node.dataType ?? 'This type'} has no Lineside tag type; it will be left out`}
                data-testid="pick"
              />
            )}
            <span>{node.name}</span>
          </div>
        </td>
        <td className="devices__mono">{node.address ?? ''}</td>
        <td>{node.dataType ?? ''}</td>
        <td className="devices__muted devices__node-description" title={node.description}>{node.description ?? ''}</td>
      </tr>,
    );
    if (open && depth < MAX_DEPTH) rows.push(...levelRows(tree, node.browsePath!, here, depth + 1, picked, togglePick));
  }
  return rows;
}

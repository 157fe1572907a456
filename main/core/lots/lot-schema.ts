/**
 * mes.sqlite version 4 (issue 20): lots and their genealogy, beside the work orders and consumptions
 * they come from, so a consumption and the link it makes commit in one transaction.
 *
 * - `lots`: every lot the line knows: output lots (order, line, shift, open/close, good units) and
 *   input lots (first seen when set at a line or consumed).
 * - `lot_links`: parent (input) lot → child (output) lot, per consumption; indexed both ways, so a
 *   trace is index lookups per level whatever the table's size.
 * - `lot_completions`: which confirmations carried which output lot (their delivery is the outbox's).
 * - `line_inputs`: the lot in use per line and material, set by an operator.
 * - `lot_sequences`: the last {seq} per line, product and local day.
 */
export const LOTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS lots (
  id TEXT PRIMARY KEY,
  material TEXT NOT NULL,
  kind TEXT NOT NULL,
  order_key TEXT,
  line TEXT,
  shift TEXT,
  opened_at INTEGER NOT NULL,
  closed_at INTEGER,
  produced REAL
);
CREATE INDEX IF NOT EXISTS lots_order ON lots (order_key, opened_at);
CREATE INDEX IF NOT EXISTS lots_open ON lots (line) WHERE kind = 'output' AND closed_at IS NULL;
CREATE INDEX IF NOT EXISTS lots_material ON lots (material, opened_at);
CREATE TABLE IF NOT EXISTS lot_links (
  parent TEXT NOT NULL,
  child TEXT NOT NULL,
  order_key TEXT NOT NULL,
  consumption TEXT NOT NULL,
  material TEXT NOT NULL,
  quantity REAL NOT NULL,
  unit TEXT NOT NULL,
  at INTEGER NOT NULL,
  reversed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS lot_links_child ON lot_links (child, parent);
CREATE INDEX IF NOT EXISTS lot_links_parent ON lot_links (parent, child);
CREATE INDEX IF NOT EXISTS lot_links_consumption ON lot_links (consumption);
CREATE INDEX IF NOT EXISTS outbox_key ON outbox (key);
CREATE TABLE IF NOT EXISTS lot_completions (
  lot TEXT NOT NULL,
  completion TEXT NOT NULL,
  order_key TEXT NOT NULL,
  PRIMARY KEY (lot, completion)
);
CREATE TABLE IF NOT EXISTS line_inputs (
  line TEXT NOT NULL,
  material TEXT NOT NULL,
  lot TEXT NOT NULL,
  set_by TEXT NOT NULL,
  set_at INTEGER NOT NULL,
  PRIMARY KEY (line, material)
);
CREATE TABLE IF NOT EXISTS lot_sequences (
  scope TEXT PRIMARY KEY,
  seq INTEGER NOT NULL
);`;

/** mes.sqlite version 5 (issue 20, item 2): inspection results, per order, characteristic and time. */
export const INSPECTION_SCHEMA = `
CREATE TABLE IF NOT EXISTS inspection_results (
  id INTEGER PRIMARY KEY,
  order_key TEXT NOT NULL,
  lot TEXT,
  line TEXT NOT NULL,
  product TEXT NOT NULL,
  characteristic TEXT NOT NULL,
  at INTEGER NOT NULL,
  user TEXT NOT NULL,
  good_at INTEGER NOT NULL,
  doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS inspection_order ON inspection_results (order_key, characteristic, at);
CREATE INDEX IF NOT EXISTS inspection_product ON inspection_results (product, characteristic, at);`;

/** mes.sqlite version 6 (issue 20, item 4): lots on hold, with why, by whom and since when. */
export const HOLDS_SCHEMA = `
CREATE TABLE IF NOT EXISTS lot_holds (
  lot TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  held_by TEXT NOT NULL,
  held_at INTEGER NOT NULL
);`;

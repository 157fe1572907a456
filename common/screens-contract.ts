import { z } from 'zod';

/**
 * Screens and templates stored in the project (`screens/<id>.json`, `templates/<id>.json`). The
 * document crosses the wire as plain JSON: the runtime validates it with screens/screen-validation.ts
 * and the renderer loads it with screens/screen-document.ts (common/ imports nothing of ours).
 *
 * Every read hands out a `revision`; a save or delete must name the revision it started from, and a
 * document changed elsewhere since then is refused with `conflict`, never overwritten.
 */

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'an id is up to 64 letters, digits, _ and -, starting with a letter or digit');
const Revision = z.string().min(1).max(64);
/** A screen or template document as JSON (format, kind, id, ...). */
export const ScreenDocumentJsonSchema = z.record(z.string(), z.unknown());

export const ScreenSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['screen', 'template']),
  /** Screens only: the display level, the screen "up" and the plant area (when the screen names one). */
  level: z.enum(['overview', 'area', 'unit', 'detail']).optional(),
  parent: z.string().optional(),
  area: z.string().optional(),
  /** The project file, e.g. `screens/overview.json`. */
  file: z.string(),
  revision: Revision,
});
export type ScreenSummary = z.infer<typeof ScreenSummarySchema>;

/**
 * Saved, but not right yet: bindings reading tags the project does not have, links to screens or
 * templates that do not exist. Each names its path in the document.
 */
export const ScreenWarningSchema = z.object({ path: z.string(), message: z.string() });
export type ScreenWarning = z.infer<typeof ScreenWarningSchema>;

export const StoredScreenSchema = z.object({
  summary: ScreenSummarySchema,
  document: ScreenDocumentJsonSchema,
  warnings: z.array(ScreenWarningSchema),
});
export type StoredScreen = z.infer<typeof StoredScreenSchema>;

const Saved = z.object({ summary: ScreenSummarySchema, warnings: z.array(ScreenWarningSchema) });
export type SavedScreen = z.infer<typeof Saved>;

/** The same calls for screens and for templates. */
const documentCalls = {
  list: { params: z.strictObject({}), result: z.array(ScreenSummarySchema) },
  get: { params: z.strictObject({ id: Id }), result: StoredScreenSchema },
  /** Replaces a stored document; its id must be the stored one (use rename to change it). */
  save: { params: z.strictObject({ document: ScreenDocumentJsonSchema, baseRevision: Revision }), result: Saved },
  /** Adds a new document; refused when the id is taken. */
  create: { params: z.strictObject({ document: ScreenDocumentJsonSchema }), result: Saved },
  /** Gives a document a new id (its file follows) and optionally a new name. */
  rename: { params: z.strictObject({ id: Id, newId: Id, name: z.string().min(1).max(80).optional(), baseRevision: Revision }), result: Saved },
  duplicate: { params: z.strictObject({ id: Id, newId: Id, name: z.string().min(1).max(80).optional() }), result: Saved },
  delete: { params: z.strictObject({ id: Id, baseRevision: Revision }), result: z.object({ id: z.string() }) },
} as const;

export const screenCalls = {
  'screens.list': documentCalls.list,
  'screens.get': documentCalls.get,
  'screens.save': documentCalls.save,
  'screens.create': documentCalls.create,
  'screens.rename': documentCalls.rename,
  'screens.duplicate': documentCalls.duplicate,
  'screens.delete': documentCalls.delete,
  'templates.list': documentCalls.list,
  'templates.get': documentCalls.get,
  'templates.save': documentCalls.save,
  'templates.create': documentCalls.create,
  'templates.rename': documentCalls.rename,
  'templates.duplicate': documentCalls.duplicate,
  'templates.delete': documentCalls.delete,
} as const;

/**
 * A stored screen or template changed (any client, any call). `revision` is the stored revision after
 * the change (absent when deleted); a rename names the old `id` and the `newId`. Clients showing the
 * document reload it; an editor with unsaved changes to it offers the conflict choices at once.
 */
export const ScreenChangeSchema = z.object({
  kind: z.enum(['screen', 'template']),
  id: z.string(),
  change: z.enum(['saved', 'created', 'renamed', 'deleted']),
  revision: Revision.optional(),
  newId: z.string().optional(),
});
export type ScreenChange = z.infer<typeof ScreenChangeSchema>;

export const screenEvents = {
  'screens.changed': ScreenChangeSchema,
} as const;

// Moved to renderer/ui (shared with the Rules view's condition field); the editor's imports stay as they were.
export * from '../../ui/expression-check.ts';

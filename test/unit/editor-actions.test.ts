import { describe, expect, it } from 'vitest';
import { ACTION_TYPES, actionProblems, MAX_ACTIONS, newAction } from '../../renderer/editor/model/actions.ts';
import { blockingProblems } from '../../renderer/editor/documents/save-check.ts';
import { ActionSchema } from '../../screens/screen-schema.ts';
import { el, expectUndoable, run, stateWith } from './editor-fixtures.ts';

const choices = { screens: ['line1', 'filler'], templates: ['pump-faceplate'] };

describe('editor: element actions as undoable commands', () => {
  it('adds, edits, reorders and removes actions, each one undo step', () => {
    let state = stateWith([{ x: 0, y: 0, width: 50, height: 50 }], ['a']);
    state = expectUndoable(state, { type: 'addAction', id: 'a', action: { type: 'navigate', screen: 'line1' } });
    expect(el(state, 'a').actions).toEqual([{ type: 'navigate', screen: 'line1' }]);
    state = expectUndoable(state, { type: 'addAction', id: 'a', action: { type: 'write', tag: 'Line1/Filler/Start', value: true, confirm: true } });
    state = expectUndoable(state, { type: 'setAction', id: 'a', index: 0, action: { type: 'navigate', screen: 'filler' } });
    expect(el(state, 'a').actions[0]).toEqual({ type: 'navigate', screen: 'filler' });
    state = expectUndoable(state, { type: 'moveAction', id: 'a', index: 1, to: 0 });
    expect(el(state, 'a').actions.map((a) => a.type)).toEqual(['write', 'navigate']);
    state = expectUndoable(state, { type: 'removeAction', id: 'a', index: 0 });
    expect(el(state, 'a').actions).toEqual([{ type: 'navigate', screen: 'filler' }]);
    // Undo all the way back to no actions, then redo all of it.
    let undone = state;
    for (let i = 0; i < 5; i++) undone = run(undone, { type: 'undo' });
    expect(el(undone, 'a').actions).toEqual([]);
    let redone = undone;
    for (let i = 0; i < 5; i++) redone = run(redone, { type: 'redo' });
    expect(redone.doc).toEqual(state.doc);
  });

  it('makes no undo step for an edit that changes nothing or names a missing action or element', () => {
    const base = run(stateWith([{ x: 0, y: 0, width: 50, height: 50 }]), { type: 'addAction', id: 'a', action: { type: 'back' } });
    for (const command of [
      { type: 'setAction', id: 'a', index: 0, action: { type: 'back' } },
      { type: 'setAction', id: 'a', index: 3, action: { type: 'forward' } },
      { type: 'removeAction', id: 'a', index: 1 },
      { type: 'moveAction', id: 'a', index: 0, to: 0 },
      { type: 'moveAction', id: 'a', index: 0, to: 5 },
      { type: 'addAction', id: 'nobody', action: { type: 'back' } },
    ] as const) {
      const after = run(base, command);
      expect(after.doc, command.type).toBe(base.doc);
      expect(after.past.length).toBe(base.past.length);
    }
  });

  it('stops at the schema limit of actions per element', () => {
    let state = stateWith([{ x: 0, y: 0, width: 50, height: 50 }]);
    for (let i = 0; i < MAX_ACTIONS + 2; i++) state = run(state, { type: 'addAction', id: 'a', action: { type: 'back' } });
    expect(el(state, 'a').actions).toHaveLength(MAX_ACTIONS);
    expect(MAX_ACTIONS).toBe(8);
  });

  it('offers every action kind of the schema, each new one a shape the schema knows', () => {
    expect(ACTION_TYPES).toEqual(['navigate', 'popup', 'faceplate', 'back', 'forward', 'write']);
    for (const type of ACTION_TYPES) expect(newAction(type, choices).type).toBe(type);
    expect(newAction('navigate', choices)).toEqual({ type: 'navigate', screen: 'line1' });
    expect(newAction('faceplate', choices)).toEqual({ type: 'faceplate', template: 'pump-faceplate', params: {} });
    for (const type of ['navigate', 'faceplate', 'back', 'forward'] as const) expect(ActionSchema.safeParse(newAction(type, choices)).success, type).toBe(true);
  });

  it('names the field the schema refuses', () => {
    expect(actionProblems({ type: 'navigate', screen: 'line1' })).toEqual({});
    expect(Object.keys(actionProblems({ type: 'navigate', screen: 'bad id!' }))).toEqual(['screen']);
    expect(actionProblems({ type: 'write', tag: '', value: 1, confirm: true })).toEqual({ tag: 'required' });
    expect(Object.keys(actionProblems({ type: 'write', tag: 'x'.repeat(201), value: 1, confirm: true }))).toEqual(['tag']);
    expect(Object.keys(actionProblems({ type: 'faceplate', template: 'pump-faceplate', params: { pump: Number.NaN } }))).toEqual(['params.pump']);
  });

  it('a new write with no tag yet blocks the save, naming the action field', () => {
    const state = run(stateWith([{ x: 0, y: 0, width: 50, height: 50 }]), { type: 'addAction', id: 'a', action: newAction('write', choices) });
    const problems = blockingProblems(state.doc, new Map());
    expect(problems.map((p) => p.path)).toContain('elements[0].actions[0].tag');
    const fixed = run(state, { type: 'setAction', id: 'a', index: 0, action: { type: 'write', tag: 'Line1/Filler/Start', value: 1, confirm: true } });
    expect(blockingProblems(fixed.doc, new Map())).toEqual([]);
  });
});

import { createHook } from 'node:async_hooks';
import { afterAll, beforeAll } from 'vitest';

/**
 * Every test file must leave no timers, sockets, servers or child processes behind: what it starts,
 * it disposes. Resources created while the file's tests run are tracked until destroyed; closing is
 * asynchronous, so the check waits (bounded) before naming what is still alive.
 */
const TRACKED = new Set(['Timeout', 'TCPWRAP', 'TCPSERVERWRAP', 'PIPEWRAP', 'PROCESSWRAP', 'UDPWRAP', 'TTYWRAP']);
const alive = new Map<number, { type: string; stack: string }>();
let tracking = false;

const hook = createHook({
  init(asyncId, type) {
    if (!tracking || !TRACKED.has(type)) return;
    const frames = (new Error().stack ?? '')
      .split('\n')
      .slice(1)
      .filter((l) => !l.includes('node:') && !l.includes('leak-check.ts'));
    // The runner's own deadlines (created directly by vitest) are not the tests' business.
    if (/node_modules\/(@vitest|vitest)\//.test(frames[0] ?? '')) return;
    alive.set(asyncId, { type, stack: frames.slice(0, 6).join('\n') });
  },
  destroy(asyncId) {
    alive.delete(asyncId);
  },
});

beforeAll(() => {
  hook.enable();
  tracking = true;
});

afterAll(async () => {
  tracking = false;
  for (let attempt = 0; attempt < 40 && alive.size > 0; attempt++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (alive.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  hook.disable();
  if (alive.size > 0) {
    const first = [...alive.values()][0]!;
    const kinds = [...alive.values()].map((r) => r.type).join(', ');
    alive.clear();
    throw new Error(`leaked after this file's tests: ${kinds}; the first was created at\n${first.stack}`);
  }
});

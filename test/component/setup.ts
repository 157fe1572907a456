import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';
import { disposeRendered } from './support/render-hmi.tsx';

// findBy*/waitFor give up after this (default 1 s): on a loaded machine a first render with its
// calls can take longer, and a wait that gives up early is a flaky test, not a faster one.
configure({ asyncUtilTimeout: 5_000 });

// Unmount React first, then close what the window's services started (sockets, timers).
afterEach(() => {
  cleanup();
  disposeRendered();
});

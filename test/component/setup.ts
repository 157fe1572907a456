import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { disposeRendered } from './support/render-hmi.tsx';

// Unmount React first, then close what the window's services started (sockets, timers).
afterEach(() => {
  cleanup();
  disposeRendered();
});

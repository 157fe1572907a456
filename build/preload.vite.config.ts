// Bundles the Electron preload (main/electron/preload.ts and the ipc.ts it imports) into one CommonJS
// file, out/main/electron/preload.cjs: a sandboxed preload can only require('electron').
// Run by `npm run build:electron` after tsc has emitted the rest of the shell.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'out/main/electron',
    emptyOutDir: false,
    target: 'es2023',
    minify: false,
    sourcemap: true,
    lib: { entry: 'main/electron/preload.ts', formats: ['cjs'], fileName: () => 'preload.cjs' },
    rolldownOptions: { external: ['electron'] },
  },
});

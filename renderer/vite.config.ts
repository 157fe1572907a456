import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { rendererBuildRecordPlugin } from '../build/renderer-build-record.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
/** For `npm run dev:renderer`: where a running gateway is (e.g. http://127.0.0.1:8080), so /ws is proxied to it. */
const gateway = process.env['LINESIDE_GATEWAY_URL'];

export default defineConfig({
  root,
  base: './',
  // The record lets `npm start` / `npm run serve` skip the build when no input changed (build/ensure-renderer.ts).
  plugins: [react(), rendererBuildRecordPlugin(fileURLToPath(new URL('..', import.meta.url)))],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: gateway ? { proxy: { '/ws': { target: gateway, ws: true } } } : {},
});

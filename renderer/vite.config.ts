import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** For `npm run dev:renderer`: where a running gateway is (e.g. http://127.0.0.1:8080), so /ws is proxied to it. */
const gateway = process.env['LINESIDE_GATEWAY_URL'];

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: gateway ? { proxy: { '/ws': { target: gateway, ws: true } } } : {},
});

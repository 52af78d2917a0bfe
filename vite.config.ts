// Builds the web console (/console) and the public portal (/) into static files that `clearway serve` hands out.
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve('dist/web'),
    emptyOutDir: true,
    // The manifest lets the bundle-size test find what the console's first page loads.
    manifest: true,
    rollupOptions: { input: { portal: resolve('web/index.html'), console: resolve('web/console/index.html') } },
  },
  // `npx vite` for front-end work against a server on :8080.
  server: { proxy: { '/v1': 'http://localhost:8080' } },
});

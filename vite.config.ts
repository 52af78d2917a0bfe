// Builds the web console (/console) and the public portal (/) into static files that `clearway serve` hands out.
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/** In `npx vite`, /console and its pages answer with the console's page, as the server does (Vite's own fallback is the portal's). */
const consolePages: Plugin = {
  name: 'clearway-console-pages',
  configureServer(server) {
    server.middlewares.use((req, _res, next) => {
      if (req.url && /^\/console(\/[^.?]*)?(\?.*)?$/.test(req.url)) req.url = '/console/index.html';
      next();
    });
  },
};

export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react(), consolePages],
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

import { fileURLToPath } from 'node:url';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';

const API_ORIGIN = process.env.TWOFOLD_API_ORIGIN ?? 'http://127.0.0.1:3000';

/** Vite build of the Twofold web UI: `web/` in, `web/dist/` out (served by the API server at `/`). */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [preact({ devToolsEnabled: false })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    // `npx vite --config web/vite.config.ts` against a server on :3000. The server checks Origin
    // on cookie requests, so proxied calls present the server's own origin.
    proxy: {
      '/api': {
        target: API_ORIGIN,
        changeOrigin: true,
        configure: (proxy) => proxy.on('proxyReq', (request) => request.setHeader('origin', API_ORIGIN)),
      },
    },
  },
});

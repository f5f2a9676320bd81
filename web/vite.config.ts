// The dashboard's build: `npm run build:web` (`vite build web`) writes web/dist/, which `heed start` serves at /.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // /assets/ belongs to the hosted survey pages; the dashboard's hashed files live under /static/.
    assetsDir: 'static',
    // No inline polyfill script: the page's CSP allows only Heed's own files.
    modulePreload: { polyfill: false },
    // Every asset a file of its own (no data: URLs), under the CSP's 'self'.
    assetsInlineLimit: 0,
    target: ['chrome109', 'firefox115', 'safari15.4'],
    // ECharts is one large chunk, loaded only with the first chart (the first load stays under 100 KB gzipped).
    chunkSizeWarningLimit: 1200,
  },
});

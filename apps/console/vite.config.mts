import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The console is built into dist/console, which the API serves at /console/ (apps/api/src/console). */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    // ECharts, even reduced to the charts used, is one chunk of about 600 kB: served once, then cached for good.
    chunkSizeWarningLimit: 1200,
  },
});

// Vite build of the browser app (web/). `npx vite build` from the repository root writes
// dist/web, which the server serves with an SPA fallback. `npx vite` runs the dev server with
// /api proxied to a running `tuopin serve` (TUOPIN_API, default http://127.0.0.1:8080).
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const webRoot = fileURLToPath(new URL('./web/', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web/', import.meta.url));

// Library chunks: react, antd (with its rc-* and cssinjs helpers) and echarts are large and
// change rarely, so each gets its own long-cached files; echarts is fetched only by pages with
// charts. antd is split by which pages use which components (entriesAware), so the login page
// does not download the table, tree-select and upload code.
const REACT = /node_modules[\\/](react|react-dom|scheduler)[\\/]/;
const ECHARTS = /node_modules[\\/](echarts|zrender|tslib)[\\/]/;
const ANTD =
  /node_modules[\\/](@ant-design|antd|@rc-component|rc-[^\\/]+|@emotion|stylis|dayjs|classnames|clsx|@babel[\\/]runtime|throttle-debounce|compute-scroll-into-view|scroll-into-view-if-needed|json2mq|string-convert|toggle-selection|copy-to-clipboard|resize-observer-polyfill|@ctrl)[\\/]/;

/**
 * Writes `.br` and `.gz` beside every text asset, so the server can send them as they are
 * (@fastify/static `preCompressed: true`) instead of compressing per request or not at all:
 * the first load is about a third of its raw size.
 */
function precompress(): Plugin {
  return {
    name: 'tuopin-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? outDir;
      for (const file of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
        const path = join(dir, file);
        const data = readFileSync(path);
        if (data.length < 1024) continue;
        writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
        writeFileSync(
          `${path}.br`,
          brotliCompressSync(data, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
          }),
        );
      }
    },
  };
}

export default defineConfig({
  root: webRoot,
  base: '/',
  plugins: [react(), precompress()],
  build: {
    outDir,
    emptyOutDir: true,
    target: 'es2022',
    // antd is one chunk of roughly a megabyte before gzip; it is cached and split from the pages.
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        // Shared antd pieces are named after every page using them; a hash alone is tidier.
        chunkFileNames: (chunk) => (chunk.name.startsWith('antd~') ? 'assets/antd-[hash].js' : 'assets/[name]-[hash].js'),
        codeSplitting: {
          groups: [
            { name: 'react', test: REACT, priority: 30 },
            { name: 'echarts', test: ECHARTS, priority: 20 },
            { name: 'antd', test: ANTD, priority: 10, entriesAware: true, entriesAwareMergeThreshold: 20_000 },
            { name: 'vendor', test: /node_modules/, priority: 0 },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': { target: process.env.TUOPIN_API ?? 'http://127.0.0.1:8080', changeOrigin: false } },
  },
});

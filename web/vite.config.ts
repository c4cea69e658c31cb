import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { relayCsp } from './vite/relay-csp.ts';
import { vadAssets } from '../client/vite/vad-assets.ts';

const relay = process.env.PARLEY_RELAY ?? 'http://127.0.0.1:8787';

/** Largest file the service worker precaches: the onnxruntime .wasm is about 14 MB. */
const MAX_PRECACHE_BYTES = 24 * 1024 * 1024;

export default defineConfig({
  plugins: [
    react(),
    vadAssets(),
    relayCsp(process.env.VITE_RELAY_URL),
    VitePWA({
      // The page asks before a new version takes over (a call in progress must not be cut).
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/favicon-64.png', 'icons/apple-touch-icon-180.png'],
      manifest: {
        name: 'Parley — voice chat',
        short_name: 'Parley',
        description: 'Talk with an assistant by voice, in your browser.',
        lang: 'en',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'portrait',
        background_color: '#0f172a',
        theme_color: '#0f172a',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          {
            src: '/icons/maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
        ],
      },
      // Our own service worker (src/sw/sw.ts, built to /sw.js): the precache below, and the
      // notifications of reminders pushed while the app is closed.
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      injectManifest: {
        // The app shell, its lazy chunks, the VAD model and onnxruntime's .wasm.
        globPatterns: ['**/*.{js,css,html,png,svg,onnx,wasm,mjs}'],
        // Sentry's SDK is fetched only by a page whose relay has error tracking on.
        globIgnores: ['**/sentry-browser-*.js'],
        maximumFileSizeToCacheInBytes: MAX_PRECACHE_BYTES,
        // A classic script: every installed copy registered /sw.js as one.
        rollupFormat: 'iife',
      },
    }),
  ],
  // The VAD's model runs in a module worker (client/src/audio/vad-worker.ts) that bundles
  // onnxruntime: the same transform keeps its build from copying ort's 14 MB .wasm again.
  worker: { format: 'es', plugins: () => [vadAssets({ emitAssets: false })] },
  server: {
    port: 5173,
    // In development the relay runs separately; the page talks to it through this proxy.
    proxy: {
      '/ws': { target: relay.replace(/^http/, 'ws'), ws: true },
      '/health': relay,
      '/api': relay,
    },
  },
  build: {
    outDir: 'dist',
    sourcemap: true,
    target: 'es2022',
    // Modules run in the order they are imported, across chunks too: the page's first import
    // (zod-config.ts) must run before any schema is made.
    rolldownOptions: { output: { strictExecutionOrder: true } },
  },
});

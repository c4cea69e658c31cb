// Scratch harness for the audio layer (not part of the app). See README.md here.
import { defineConfig } from 'vite';
import { vadAssets } from '../../../vite/vad-assets.ts';

export default defineConfig({
  root: import.meta.dirname,
  // The build is served under a sub-path to prove `${base}vad/` works.
  base: process.env['HARNESS_BASE'] ?? '/',
  plugins: [vadAssets()],
  // Own dependency cache, so the harness and the app's dev server do not invalidate each other's.
  cacheDir: '/tmp/parley-audio-harness/vite-cache',
  logLevel: 'warn',
  build: {
    outDir: process.env['HARNESS_OUT'] ?? '/tmp/parley-audio-harness/dist',
    emptyOutDir: true,
  },
});

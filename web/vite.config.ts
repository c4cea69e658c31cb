import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { vadAssets } from './vite/vad-assets.ts';

const relay = process.env.PARLEY_RELAY ?? 'http://127.0.0.1:8787';

export default defineConfig({
  plugins: [react(), vadAssets()],
  server: {
    port: 5173,
    // In development the relay runs separately; the page talks to it through this proxy.
    proxy: {
      '/ws': { target: relay.replace(/^http/, 'ws'), ws: true },
      '/health': relay,
      '/api': relay,
    },
  },
  build: { outDir: 'dist', sourcemap: true, target: 'es2022' },
});

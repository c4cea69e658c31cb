// Bundles the relay for production: TypeScript (ours and @parley/shared) → relay/dist/*.js.
// npm dependencies stay external and load from node_modules at run time.
//
//   node relay/build.mjs [outdir]   outdir relative to relay/ (default dist); the tests' own
//                                   copy goes under relay/node_modules/.cache (see
//                                   relay/test/relay-dist-setup.ts)
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies ?? {}).filter((d) => !d.startsWith('@parley/'));

await build({
  entryPoints: {
    main: 'src/main.ts',
    'flite-worker': 'src/providers/embedded/flite/flite-worker.ts',
    'espeak-worker': 'src/providers/embedded/espeak/espeak-worker.ts',
    'moonshine-worker': 'src/providers/embedded/moonshine/moonshine-worker.ts',
    'sqlite-worker': 'src/storage/sqlite-worker.ts',
    talk: 'src/talk/cli.ts',
  },
  absWorkingDir: new URL('.', import.meta.url).pathname,
  outdir: process.argv[2] ?? 'dist',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  external,
  logLevel: 'warning',
  banner: {
    // Some dependencies are CommonJS and expect require() in scope.
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});

import { rmSync } from 'node:fs';
import { defineConfig, type Plugin } from 'vite';
import { vadAssets } from '../client/vite/vad-assets.ts';

/**
 * The widget's call module (issue 64, item 2), built from the client package into the widget's
 * folder beside the loader (`node build.mjs` writes widget.js), as the relay serves them
 * (relay/src/server/widget-call-files.ts):
 * - `widget-call.js`: the module the loader imports at the first press of Talk, by one name
 *   (widget/src/call/load-call.ts); it exports `createParleyCall` (client/src/widget-call.ts);
 * - `widget-call/<name>-<hash>.js`: its chunks, the worklets and the voice detector's worker;
 * - `widget-call/vad/`: the detector's model and onnxruntime's WebAssembly.
 * Every URL is relative to the module (`base: './'`): a page of any site loads them from the
 * relay's origin.
 *
 *   pnpm exec vite build -c vite.call.config.ts   (the widget's `build` script runs it)
 */

/** The module's folder; relay/src/server/widget-call-files.ts's `WIDGET_CALL_DIR`. */
const FILES = 'widget-call';
const OUT = new URL('dist/', import.meta.url).pathname;

/** Removes the last build's module and files first: their hashed names would pile up. */
function cleanLastBuild(): Plugin {
  return {
    name: 'parley:clean-widget-call',
    apply: 'build',
    buildStart() {
      rmSync(`${OUT}${FILES}.js`, { force: true });
      rmSync(`${OUT}${FILES}`, { recursive: true, force: true });
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [cleanLastBuild(), vadAssets({ emitDir: `${FILES}/vad/` })],
  // The worker bundles onnxruntime: the same transform keeps its 14 MB .wasm out of the folder.
  worker: { format: 'es', plugins: () => [vadAssets({ emitAssets: false })] },
  publicDir: false,
  build: {
    outDir: OUT,
    // widget.js is the loader's build's.
    emptyOutDir: false,
    target: 'es2022',
    minify: true,
    assetsDir: FILES,
    lib: {
      entry: { [FILES]: new URL('../client/src/widget-call.ts', import.meta.url).pathname },
      formats: ['es'],
      fileName: () => `${FILES}.js`,
    },
    rolldownOptions: {
      output: {
        chunkFileNames: `${FILES}/[name]-[hash].js`,
        // Whole: a library's ES build keeps its whitespace (for a consumer's bundler); this
        // module is served as it is.
        minify: true,
        // Modules run in the order they are imported, across chunks too: zod's configuration
        // (client/src/audio/zod-config.ts) before any schema is made.
        strictExecutionOrder: true,
      },
    },
  },
});

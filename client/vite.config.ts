import { defineConfig } from 'vite';
import { libraryUrls } from './vite/library-urls.ts';
import { vadAssets } from './vite/vad-assets.ts';

/**
 * The package's library build (docs/design/client-package.md §2.2, §4 step 7): `dist/index.js`
 * (ES module, everything bundled: zod, onnxruntime-web, the VAD, Opus), its worklets and the
 * VAD's worker as files under `dist/assets/`, the Silero model and onnxruntime's `.wasm` under
 * `dist/vad/`. The app does not use this build: it consumes the package's sources.
 */
export default defineConfig({
  // Relative: the worklets' and the worker's URLs are written `new URL('assets/…',
  // import.meta.url)`, found beside the module wherever it is served (with '/', "/assets/…").
  base: './',
  plugins: [vadAssets(), libraryUrls()],
  // The worker bundles onnxruntime: the same transform keeps its 14 MB .wasm out of assets/.
  worker: { format: 'es', plugins: () => [vadAssets({ emitAssets: false })] },
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    lib: { entry: { index: 'src/index.ts' }, formats: ['es'] },
    // Modules run in the order they are imported, across chunks too: the entry's first import
    // (zod-config.ts) must run before any schema is made (risk R6).
    rolldownOptions: { output: { strictExecutionOrder: true } },
  },
});

import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';
import { VAD_ASSETS, VAD_ASSET_DIR } from '../src/audio/vad-asset-files.ts';

/**
 * Serves the files the VAD fetches at run time (Silero model, onnxruntime's .wasm; list in
 * src/audio/vad-asset-files.ts) from our own origin under `${base}vad/`: a middleware in dev
 * (and `vite preview` serves the built copies), emitted assets in build. Nothing is fetched from a
 * CDN. Files are resolved from the client package's dependencies, not hard-coded paths.
 */

export interface VadAssetsOptions {
  /** File or directory URL/path to resolve the packages from. Default: this plugin's package. */
  resolveFrom?: string;
  /**
   * Whether the build emits the files under `vad/` (default true). A worker's build sets it to
   * false: it only needs the transform below, and the page's build emits the files.
   */
  emitAssets?: boolean;
  /**
   * The folder (ending in `/`) of the build's output the files are emitted into. Default `vad/`;
   * the widget's call module puts them in its own folder (widget/vite.call.config.ts).
   */
  emitDir?: string;
}

const CONTENT_TYPES: Record<string, string> = {
  '.wasm': 'application/wasm',
  '.onnx': 'application/octet-stream',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
};

/**
 * onnxruntime-web's bundle refers to its binary as `new URL("ort-wasm-simd-threaded.wasm",
 * import.meta.url)`, which Vite's build turns into a second, hashed 14 MB copy under assets/ —
 * never fetched, since we set `wasmPaths` to the copy under vad/. Marking those expressions
 * `@vite-ignore` (a comment: run-time behaviour unchanged) keeps the build to one copy.
 */
const ORT_SELF_URL_RE = /new URL\((["'`]ort-wasm-simd-threaded[\w.]*\.(?:wasm|mjs)["'`])/g;
const ORT_MODULE_RE = /[\\/]onnxruntime-web[\\/]dist[\\/][^?]*\.m?js(?:\?|$)/;

function contentType(name: string): string {
  const ext = name.slice(name.lastIndexOf('.'));
  return CONTENT_TYPES[ext] ?? 'application/octet-stream';
}

/** Vite plugin: `plugins: [vadAssets()]`. */
export function vadAssets(options: VadAssetsOptions = {}): Plugin {
  const require = createRequire(options.resolveFrom ?? import.meta.url);
  const files = new Map<string, string>(
    VAD_ASSETS.map((a) => [a.name, require.resolve(a.packageFile)]),
  );
  let base = '/';

  return {
    name: 'parley:vad-assets',
    configResolved(config) {
      base = config.base;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        // Vite may append queries (e.g. `?import`); the file is the same.
        const path = (req.url ?? '').split('?')[0] ?? '';
        const prefix = base + VAD_ASSET_DIR;
        if (!path.startsWith(prefix)) {
          next();
          return;
        }
        const file = files.get(decodeURIComponent(path.slice(prefix.length)));
        if (file === undefined) {
          res.statusCode = 404;
          res.end();
          return;
        }
        stat(file).then(
          (s) => {
            res.setHeader('Content-Type', contentType(file));
            res.setHeader('Content-Length', String(s.size));
            res.setHeader('Cache-Control', 'no-cache');
            if (req.method === 'HEAD') res.end();
            else createReadStream(file).on('error', next).pipe(res);
          },
          (error: unknown) => next(error),
        );
      });
    },
    transform: {
      filter: { id: ORT_MODULE_RE, code: 'ort-wasm-simd-threaded' },
      handler(code) {
        const out = code.replace(ORT_SELF_URL_RE, 'new URL(/* @vite-ignore */ $1');
        return out === code ? null : { code: out, map: null };
      },
    },
    async generateBundle() {
      if (options.emitAssets === false || this.environment.config.consumer !== 'client') return;
      for (const [name, file] of files) {
        this.emitFile({
          type: 'asset',
          fileName: (options.emitDir ?? VAD_ASSET_DIR) + name,
          source: await readFile(file),
        });
      }
    },
  };
}

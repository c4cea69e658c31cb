import type { Plugin } from 'vite';

/**
 * The library build's URLs, written for the bundler of the site that installs the package
 * (docs/design/client-package.md §2.3):
 * - the worklets' and the worker's `new URL('assets/…', import.meta.url)` get `?no-inline`: a
 *   consumer's Vite copies them as files instead of inlining the small ones as `data:` URLs (a
 *   strict CSP refuses a `data:` worklet), and drops the query from the URL it writes; a server
 *   that serves the package's files as they are (the widget's) ignores it;
 * - onnxruntime's references to its own files (never fetched: the call names the `.wasm` under
 *   `vad/`) are hidden from that bundler, which would warn that they do not exist. The comment
 *   that hides them from ours (vad-assets.ts) does not survive the build.
 */
const OWN_ASSET_RE = /new URL\((["'`])(assets\/[\w.-]+\.js)\1,\s*import\.meta\.url\)/g;
const ORT_SELF_RE = /new URL\((["'`]ort[\w.-]*\.(?:wasm|mjs)["'`]),\s*import\.meta\.url\)/g;

/** Rewrites a chunk's URLs as above. */
export function rewriteLibraryUrls(code: string): string {
  return code
    .replace(OWN_ASSET_RE, (_, quote: string, path: string) => {
      return `new URL(${quote}${path}?no-inline${quote}, import.meta.url)`;
    })
    .replace(ORT_SELF_RE, "new URL($1, '' + import.meta.url)");
}

/** Vite plugin for the library build: `plugins: [libraryUrls()]`. */
export function libraryUrls(): Plugin {
  return {
    name: 'parley:library-urls',
    apply: 'build',
    renderChunk(code) {
      const out = rewriteLibraryUrls(code);
      return out === code ? null : { code: out, map: null };
    },
  };
}

// Builds the one-tag widget's loader: widget/src/loader.ts → widget/dist/widget.js, one classic
// script (an IIFE: `<script src defer>` on any page, no module, no global but the element), for
// the browsers the app supports. The call's own module (widget-call.js, beside it) is built from
// the client package by vite.call.config.ts (the widget's `build` script runs both).
//
//   node widget/build.mjs
import { build } from 'esbuild';

await build({
  entryPoints: { widget: 'src/loader.ts' },
  absWorkingDir: new URL('.', import.meta.url).pathname,
  outdir: 'dist',
  bundle: true,
  format: 'iife',
  platform: 'browser',
  // Private class members and `??=` need no lowering here; the app's own floor (Vite 8's
  // default: Chrome 111, Firefox 114, Safari 16.4) is above this.
  target: ['es2022', 'chrome111', 'firefox114', 'safari16.4'],
  minify: true,
  legalComments: 'none',
  sourcemap: true,
  logLevel: 'warning',
});

/**
 * The one-tag widget's loader, as a page downloads it: widget/dist/widget.js, its size raw and
 * gzipped (level 9, as a relay or CDN compresses a static file), against the budget of
 * 15 KB gzipped (issue 64, item 2). Builds the loader first.
 *
 *   pnpm bench:widget-size
 *
 * Prints one line and exits 1 when the loader is over the budget. The figure is kept in
 * bench/results/widget-size.md.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The budget for the loader, gzipped (bytes). */
export const WIDGET_GZIP_BUDGET_BYTES = 15 * 1024;

const widgetDir = fileURLToPath(new URL('../widget/', import.meta.url));
execFileSync(process.execPath, ['build.mjs'], { cwd: widgetDir, stdio: 'inherit' });
const loader = readFileSync(`${widgetDir}dist/widget.js`);
const gzipped = gzipSync(loader, { level: 9 }).length;
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
console.log(
  `widget/dist/widget.js: ${loader.length} bytes (${kb(loader.length)} KB), gzipped ${gzipped} bytes ` +
    `(${kb(gzipped)} KB); budget ${kb(WIDGET_GZIP_BUDGET_BYTES)} KB gzipped: ` +
    (gzipped <= WIDGET_GZIP_BUDGET_BYTES ? 'within' : 'OVER'),
);
if (gzipped > WIDGET_GZIP_BUDGET_BYTES) process.exitCode = 1;

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DECISIONS = readFileSync(join(ROOT, 'docs/decisions.md'), 'utf8');
/** Where code and its comments live (node_modules and build output skipped). */
const SOURCE_DIRS = [
  'relay/src',
  'relay/test',
  'client/src',
  'web/src',
  'web/test',
  'web/public',
  'shared/src',
  'widget/src',
  'bench',
  'scripts',
  'e2e',
];
const SOURCE_FILE = /\.(ts|tsx|js|mjs|cjs|css)$/;

/** A heading's anchor as GitHub (and remark-validate-links) makes it. */
const anchorOf = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (SOURCE_FILE.test(entry.name)) yield path;
  }
}

/**
 * Code comments say why a piece is as it is and point to docs/decisions.md for the history and
 * the figures (`docs/decisions.md#<anchor>`): every such pointer names a heading that is there.
 */
describe('pointers from comments to docs/decisions.md', () => {
  const anchors = new Set(
    DECISIONS.split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => anchorOf(line.replace(/^#+ /, ''))),
  );
  const pointers = SOURCE_DIRS.flatMap((dir) =>
    [...sourceFiles(dir)].flatMap((file) =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(/docs\/decisions\.md#([\w-]+)/g)].map(
        (m) => ({ file, anchor: m[1] ?? '' }),
      ),
    ),
  );

  it('are found (the comments point there)', () => {
    expect(pointers.length).toBeGreaterThan(20);
  });

  it('each name a heading of docs/decisions.md', () => {
    expect(pointers.filter((p) => !anchors.has(p.anchor))).toEqual([]);
  });
});

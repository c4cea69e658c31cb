import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

/**
 * README.md is the front door (issue 47): what Parley is, the two commands, a picture, and where
 * to go next; everything else lives in docs/, each guide reachable from it, and no link between
 * them points at a file or heading that is not there.
 */
describe('the README and docs/', () => {
  it('the README is a front door of at most 150 lines', () => {
    expect(README.split('\n').length).toBeLessThanOrEqual(150);
    expect(README).toContain('npm start');
    expect(README).toContain('npm test');
  });

  it('every guide in docs/ is linked from the README', () => {
    const guides = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md'));
    expect(guides.length).toBeGreaterThan(5);
    const unlinked = guides.filter((guide) => !README.includes(`](docs/${guide})`));
    expect(unlinked).toEqual([]);
  });

  it('every link between them points at a file and a heading that exist', () => {
    // remark-validate-links (.remarkrc.mjs), offline; --frail: a warning fails.
    const run = () =>
      execFileSync(
        join(ROOT, 'node_modules/.bin/remark'),
        ['--frail', '--quiet', '--no-stdout', 'README.md', 'docs'],
        {
          cwd: ROOT,
          encoding: 'utf8',
          stdio: 'pipe',
        },
      );
    expect(run).not.toThrow();
  });
});

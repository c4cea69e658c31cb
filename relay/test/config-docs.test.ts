import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Environment variables the relay reads: `env.X`, `env['X']`, and keys of its env schemas. */
function variablesRead(): Set<string> {
  const found = new Set<string>();
  for (const file of sources(join(root, 'relay/src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:env|process\.env)(?:\.|\[')([A-Z][A-Z0-9_]+)/g))
      found.add(m[1] ?? '');
    if (/config|env-number/.test(file))
      for (const m of text.matchAll(/^\s+([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+): /gm))
        found.add(m[1] ?? '');
  }
  // Not the relay's settings: Node's own, and the terminal client's (documented with it).
  for (const v of ['NODE_ENV', 'PARLEY_TOKEN', 'PARLEY_URL']) found.delete(v);
  return found;
}

describe('the configuration table in README.md', () => {
  it('lists every variable the relay reads', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Configuration'),
      readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1),
    );
    const read = variablesRead();
    expect(read.size).toBeGreaterThan(60);
    expect([...read].filter((v) => !section.includes(`\`${v}\``)).sort()).toEqual([]);
  });
});

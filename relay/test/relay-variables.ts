import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

/** The relay's source files (tests left out). */
export function relaySources(dir = join(root, 'relay/src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return relaySources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Environment variables the relay reads: `env.X`, `env['X']`, and keys of its env schemas. */
export function variablesRead(): Set<string> {
  const found = new Set<string>();
  for (const file of relaySources()) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:env|process\.env)(?:\.|\[')([A-Z][A-Z0-9_]+)/g))
      found.add(m[1] ?? '');
    if (/config|env-fields/.test(file) || text.includes('/env/read-env.ts'))
      for (const m of text.matchAll(/^\s+([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+): /gm))
        found.add(m[1] ?? '');
  }
  // Not the relay's settings: Node's own, and the terminal client's (documented with it).
  for (const v of ['NODE_ENV', 'PARLEY_TOKEN', 'PARLEY_URL']) found.delete(v);
  return found;
}

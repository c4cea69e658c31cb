import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as shared from '@parley/shared';
import { PROVIDER_KINDS } from '../src/providers/provider-kinds.ts';
import { relaySources, root, variablesRead } from './relay-variables.ts';

const doc = readFileSync(join(root, 'docs/security.md'), 'utf8');

function sharedSources(dir = join(root, 'shared/src')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sharedSources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

const sources = [...relaySources(), ...sharedSources()].map((f) => readFileSync(f, 'utf8'));

/** Every UPPER_SNAKE name written in code spans (`NAME`, `NAME=value`, `<NAME>_API_KEY`). */
function namesInDoc(text: string): string[] {
  const names = new Set<string>();
  for (const [, code = ''] of text.matchAll(/`([^`\n]+)`/g)) {
    const name = code.split('=')[0]!.replace('<NAME>', 'OPENAI');
    if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(name)) names.add(name);
  }
  return [...names].sort();
}

const exported: Record<string, unknown> = shared;

/** Whether `name` is a constant of the code: exported by `@parley/shared`, or a `const`. */
function isConstant(name: string): boolean {
  return name in exported || sources.some((text) => text.includes(`const ${name} =`));
}

/**
 * The value of constant `name`: as `@parley/shared` exports it, else from its source when it is
 * a whole number or a product of them (`const MAX_BODY_BYTES = 16 * 1024;`).
 */
function constantValue(name: string): number | undefined {
  const value = exported[name];
  if (typeof value === 'number') return value;
  for (const text of sources) {
    const m = new RegExp(`\\bconst ${name} = ([\\d_]+(?:\\s*\\*\\s*[\\d_]+)*);`).exec(text);
    if (m)
      return m[1]!
        .split('*')
        .map((n) => Number(n.trim().replaceAll('_', '')))
        .reduce((a, b) => a * b, 1);
  }
  return undefined;
}

/** The default of `NAME: envNumber({ default: N, … })` in the relay's config schemas. */
function envDefault(name: string): number | undefined {
  for (const text of sources) {
    const m = new RegExp(`\\b${name}: envNumber\\(\\{\\s*default: ([\\d_.]+),`).exec(text);
    if (m) return Number(m[1]!.replaceAll('_', ''));
  }
  return undefined;
}

/** The rows of the first table after `heading`: their cells, trimmed. */
function tableAfter(heading: string): string[][] {
  const start = doc.indexOf(heading);
  expect(start, `docs/security.md has no "${heading}"`).toBeGreaterThan(-1);
  const lines = doc.slice(start).split('\n');
  const first = lines.findIndex((l) => l.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim()),
    );
  }
  return rows;
}

/** `16 KiB` → 16384, `2000` → 2000. */
function bytes(text: string): number {
  const m = /^([\d.]+)\s*(KiB|MiB)?$/.exec(text);
  if (!m) throw new Error(`not a size: ${text}`);
  return Number(m[1]) * (m[2] === 'KiB' ? 1024 : m[2] === 'MiB' ? 1024 * 1024 : 1);
}

/**
 * The settings of each kind of provider, `<KIND>_<KEY>` (`OPENAI_API_KEY`): the keys the kinds
 * read (`get('API_KEY')`, `need('MODEL')`, in their folders), for every kind the relay has.
 */
function providerVariables(): Set<string> {
  const kinds = relaySources(join(root, 'relay/src/providers'))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  const keys = [...kinds.matchAll(/\b(?:get|need)\('([A-Z_]+)'\)/g)].map((m) => m[1]!);
  const prefixes = PROVIDER_KINDS.map((k) => k.info.kind.toUpperCase().replace(/[^A-Z0-9]/g, '_'));
  return new Set(prefixes.flatMap((p) => keys.map((k) => `${p}_${k}`)));
}

describe('docs/security.md', () => {
  const settings = new Set([...variablesRead(), ...providerVariables()]);

  it('names only settings the relay reads, or constants of its code', () => {
    const names = namesInDoc(doc);
    expect(names.length).toBeGreaterThan(40);
    const unknown = names.filter((n) => !settings.has(n) && !isConstant(n));
    expect(
      unknown,
      'named in docs/security.md, but neither a relay setting nor a constant',
    ).toEqual([]);
  });

  it('gives each limit its default as the code has it', () => {
    const rows = tableAfter('## Limits, and what each protects');
    expect(rows.length).toBeGreaterThan(20);
    for (const [setting = '', value = ''] of rows) {
      const name = /^`([A-Z0-9_]+)`$/.exec(setting)?.[1] ?? '';
      expect(settings.has(name), `${setting} is not a relay setting`).toBe(true);
      expect(envDefault(name), `default of ${name}`).toBe(Number(value));
    }
  });

  it('gives each size fixed in the code its value', () => {
    const rows = tableAfter('Sizes fixed in the code:');
    expect(rows.length).toBeGreaterThan(5);
    for (const [constant = '', value = ''] of rows) {
      const name = /^`([A-Z0-9_]+)`$/.exec(constant)?.[1] ?? '';
      expect(settings.has(name), `${name} is a setting, not a constant`).toBe(false);
      expect(constantValue(name), `value of ${name}`).toBe(bytes(value));
    }
  });
});

describe('docs/security.md’s promises', () => {
  it('each names a test that exists, in a file that exists', () => {
    const rows = tableAfter('## What is promised, and which test holds it');
    expect(rows.length).toBeGreaterThan(20);
    const missing = rows.flatMap(([promise = '', held = '']) => {
      const m = /^`([^`]+)` › (.+)$/.exec(held);
      if (!m) return [`${promise}: "${held}" is not \`file\` › test name`];
      const [, file = '', name = ''] = m;
      let text: string;
      try {
        text = readFileSync(join(root, file), 'utf8');
      } catch {
        return [`${promise}: no file ${file}`];
      }
      // The name as written in the test's title (quotes may be escaped there).
      const plain = (t: string) => t.replaceAll('\\', '');
      return plain(text).includes(name) ? [] : [`${promise}: ${file} has no test "${name}"`];
    });
    expect(missing).toEqual([]);
  });
});

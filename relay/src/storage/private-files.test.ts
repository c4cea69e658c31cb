import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPrivateFile, ensurePrivateDir, tightenFiles } from './private-files.ts';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('private files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-private-'));
  afterEach(() => rmSync(join(dir, 'x'), { recursive: true, force: true }));

  it('creates a folder and its parents for its user only', () => {
    ensurePrivateDir(join(dir, 'x', 'y'));
    expect(modeOf(join(dir, 'x'))).toBe('700');
    expect(modeOf(join(dir, 'x', 'y'))).toBe('700');
  });

  it('creates a file empty and private, and leaves one that exists as it is', () => {
    ensurePrivateDir(join(dir, 'x'));
    const path = join(dir, 'x', 'f');
    createPrivateFile(path);
    expect(modeOf(path)).toBe('600');
    writeFileSync(path, 'kept');
    createPrivateFile(path);
    expect(readFileSync(path, 'utf8')).toBe('kept');
  });

  it('tightens the files that exist and says which it changed', () => {
    ensurePrivateDir(join(dir, 'x'));
    const open = join(dir, 'x', 'open');
    const closed = join(dir, 'x', 'closed');
    writeFileSync(open, '', { mode: 0o644 });
    writeFileSync(closed, '', { mode: 0o600 });
    expect(tightenFiles([open, closed, join(dir, 'x', 'missing')])).toEqual([
      { path: open, was: '644' },
    ]);
    expect(modeOf(open)).toBe('600');
  });
});

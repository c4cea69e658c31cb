import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('test-node.sh', import.meta.url));
const testCommand = fileURLToPath(new URL('../test.sh', import.meta.url));

/**
 * The commands of scripts/test.sh (npm test) that start vitest, one per line as written, with
 * `lanes` true for those inside its `PARLEY_NODE_LANES` guard.
 */
function vitestSteps(): { command: string; lanes: boolean }[] {
  const steps: { command: string; lanes: boolean }[] = [];
  let lanes = false;
  for (const line of readFileSync(testCommand, 'utf8').split('\n')) {
    const code = line.replace(/^\s*#.*$/, '').trim();
    if (code.startsWith('if [ "${PARLEY_NODE_LANES')) lanes = true;
    else if (code === 'fi') lanes = false;
    const command =
      /(?:^|; )((?:\w+=\S+ )*(?:bash scripts\/node\/test-node\.sh|pnpm (?:exec )?(?:vitest|test:)).*)$/.exec(
        code,
      )?.[1];
    if (command !== undefined) steps.push({ command, lanes });
  }
  return steps;
}

/**
 * test-node.sh run with a cached "Node 24" that is a stand-in: it reports v24 and prints the
 * arguments it was started with, so the test reads which suites the script hands to vitest.
 */
function vitestArguments(cache: string, ...args: string[]): string[] {
  const result = spawnSync('bash', [script, '24', ...args], {
    env: { ...process.env, PARLEY_NODE_CACHE: cache },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const ran = result.stdout.trim().split('\n').at(-1) ?? '';
  return ran.split(' ');
}

describe('scripts/node/test-node.sh', () => {
  let cache = '';
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'parley-node-lane-'));
    const bin = join(cache, 'node-24', 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(bin, 'node'),
      '#!/usr/bin/env bash\nif [[ $1 == --version ]]; then echo v24.0.0; else echo "$@"; fi\n',
    );
    chmodSync(join(bin, 'node'), 0o755);
  });
  afterEach(() => {
    rmSync(cache, { recursive: true, force: true });
  });

  it("runs the unit project's shared/ and relay/src/ files and the relay's integration tests", () => {
    expect(vitestArguments(cache)).toEqual([
      'node_modules/vitest/vitest.mjs',
      'run',
      '--project',
      'unit',
      '--project',
      'relay',
      'shared/src/',
      'relay/src/',
      'relay/test/',
    ]);
  });

  it("with --unit, the unit project's shared/ and relay/src/ files only (npm test's Node lanes)", () => {
    expect(vitestArguments(cache, '--unit', '--reporter', 'dot')).toEqual([
      'node_modules/vitest/vitest.mjs',
      'run',
      '--project',
      'unit',
      'shared/src/',
      'relay/src/',
      '--reporter',
      'dot',
    ]);
  });

  it("with --all, every project and file, as `vitest run` (npm test's vitest step)", () => {
    expect(vitestArguments(cache, '--all')).toEqual(['node_modules/vitest/vitest.mjs', 'run']);
  });
});

describe("npm test's Nodes (scripts/test.sh)", () => {
  it('runs every vitest suite on Node 24 with coverage, then the relay’s suites on Node 22', () => {
    expect(vitestSteps()).toEqual([
      { command: 'PARLEY_COVERAGE=1 bash scripts/node/test-node.sh 24 --all', lanes: false },
      { command: 'pnpm test:engines', lanes: false },
      { command: 'bash scripts/node/test-node.sh 22', lanes: true },
    ]);
  });
});

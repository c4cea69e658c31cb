import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const fixture = join(import.meta.dirname, 'fixture');

/** Runs vitest on the fixture (one skipped suite, one passing test) with `env`. */
function run(env: Record<string, string>) {
  const result = spawnSync(
    process.execPath,
    [join(process.cwd(), 'node_modules/vitest/vitest.mjs'), 'run', '--config', 'vitest.config.ts'],
    {
      cwd: fixture,
      env: { ...process.env, ...env, CI: 'true' },
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('the skip summary (issue 51: a skipped suite reads like a pass in the totals)', () => {
  it('names what was skipped at the end of a plain run, which still passes', () => {
    const { status, output } = run({ PARLEY_TEST_NO_SKIPS: '0' });
    expect(output).toContain('1 test(s) skipped:');
    expect(output).toContain(
      'skips.fixture.ts: 1 skipped — a suite whose server is missing > never runs',
    );
    expect(status).toBe(0);
  });

  it('fails the run under the full test command (PARLEY_TEST_NO_SKIPS=1)', () => {
    const { status, output } = run({ PARLEY_TEST_NO_SKIPS: '1' });
    expect(output).toContain('FAILED: 1 test(s) skipped:');
    expect(status).toBe(1);
  });
});

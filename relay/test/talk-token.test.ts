import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeWav } from '../src/audio/wav.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { nodeArgsFor } from './relay-process.ts';

const SECRET = 'a-test-secret-that-is-at-least-32-characters-long';

/** Runs `pnpm talk` (the CLI) with `args` and `env`; resolves with its exit code and output. */
function talk(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Only the token this test gives, never one from the environment the tests run in.
    const inherited = { ...process.env };
    delete inherited.PARLEY_TOKEN;
    const child = spawn(process.execPath, [...nodeArgsFor('talk'), ...args], {
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('pnpm talk and its token', () => {
  const dir = mkdtempSync(join(tmpdir(), 'parley-talk-'));
  const wav = join(dir, 'silence.wav');
  let relay: TestRelay;
  let token = '';

  beforeAll(async () => {
    writeFileSync(wav, writeWav(new Int16Array(1600 * 3), 16_000));
    relay = await startTestRelay({
      AUTH_MODE: 'jwt',
      JWT_SECRET: SECRET,
      ALLOWED_ORIGINS: 'https://app.example',
    });
    token = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('terminal-user')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
  });

  afterAll(async () => {
    await relay.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--help recommends PARLEY_TOKEN, and --token still works with a warning', async () => {
    const help = await talk(['--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toMatch(/prefer setting\s+\$PARLEY_TOKEN/);
    expect(help.stderr).toContain('process list');
    expect(help.stderr).not.toContain('Warning');

    const flagged = await talk(['--wav', wav, '--url', relay.wsUrl, '--token', token]);
    expect(flagged.stderr).toContain(
      'Warning: --token is visible to every user of this machine in the process list; set PARLEY_TOKEN instead.',
    );
    expect(flagged.stdout).toContain('Connected to');
    expect(flagged.code).toBe(0);
  });

  it('reads the token from PARLEY_TOKEN, with no warning', async () => {
    const run = await talk(['--wav', wav, '--url', relay.wsUrl], { PARLEY_TOKEN: token });
    expect(run.stdout).toContain('Connected to');
    expect(run.stderr).not.toContain('Warning');
    expect(run.code).toBe(0);
    // Without it, the jwt relay refuses.
    const refused = await talk(['--wav', wav, '--url', relay.wsUrl]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/talk: .*Sign in/);
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeWav } from '../src/audio/wav.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { freePort, nodeArgsFor, RelayProcess, TEST_RELAY_ENV } from './relay-process.ts';

afterAll(async () => {
  await closeSynthesizers();
});

describe('pnpm talk', () => {
  it('says why it stopped: the relay could not resume the conversation (4004), in its own words', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-talk-cli-'));
    const relay = new RelayProcess(await freePort(), {
      ...TEST_RELAY_ENV,
      DATA_DIR: join(dir, 'a'),
      LOG_LEVEL: 'debug',
    });
    try {
      const speech = await synthesizeSpeech('What time is it?', {
        leadingSilenceMs: 300,
        trailingSilenceMs: 900,
      });
      const wav = join(dir, 'say.wav');
      writeFileSync(wav, writeWav(speech.samples, speech.sampleRateHz));
      await relay.start();
      const cli = spawn(
        process.execPath,
        [...nodeArgsFor('talk'), '--wav', wav, '--url', relay.wsUrl, '--json'],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      let stderr = '';
      cli.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      cli.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exit = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));
      // The user is speaking when the relay dies; it comes back without the conversation.
      await expect
        .poll(() => relay.output.includes('utterance started'), { timeout: 30_000 })
        .toBe(true);
      await relay.stop('SIGKILL');
      const fresh = new RelayProcess(relay.port, { ...TEST_RELAY_ENV, DATA_DIR: join(dir, 'b') });
      await fresh.start();
      try {
        expect(await exit).toBe(1);
      } finally {
        await fresh.stop('SIGKILL');
      }
      const said = /This conversation can no longer be resumed/;
      expect(stderr).toMatch(/^talk: connection ended \(4004\): /m);
      expect(stderr).toMatch(said);
      const turns = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { status: string | null; errors: string[] });
      expect(turns).toHaveLength(1);
      expect(turns[0]?.status).toBeNull();
      expect(turns[0]?.errors.join(' ')).toMatch(said);
    } finally {
      await relay.stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

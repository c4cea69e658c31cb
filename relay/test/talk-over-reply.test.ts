import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeWav } from '../src/audio/wav.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { freePort, nodeArgsFor, RelayProcess, TEST_RELAY_ENV } from './relay-process.ts';

afterAll(async () => {
  await closeSynthesizers();
});

/** Writes `text` said by Flite as a WAV in `dir`. */
async function wavOf(dir: string, name: string, text: string, leadMs: number, tailMs: number) {
  const speech = await synthesizeSpeech(text, {
    leadingSilenceMs: leadMs,
    trailingSilenceMs: tailMs,
  });
  const path = join(dir, name);
  writeFileSync(path, writeWav(speech.samples, speech.sampleRateHz));
  return path;
}

describe('pnpm talk --over-reply (full duplex)', () => {
  it('says a WAV over the reply at the offset and prints what it did: "wait" cuts it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-talk-over-'));
    const relay = new RelayProcess(await freePort(), { ...TEST_RELAY_ENV, DATA_DIR: dir });
    try {
      const question = await wavOf(dir, 'q.wav', 'What can you do?', 300, 900);
      const sound = await wavOf(dir, 'wait.wav', 'Wait, stop please.', 0, 0);
      await relay.start();
      const cli = spawn(
        process.execPath,
        [
          ...nodeArgsFor('talk'),
          ...['--wav', question, '--over-reply', sound, '--at', '600'],
          ...['--url', relay.wsUrl, '--json'],
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stdout = '';
      cli.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const exit = new Promise<number | null>((resolve) => cli.on('exit', (code) => resolve(code)));
      expect(await exit).toBe(0);
      const lines = stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines[0]).toMatchObject({ turnId: 1, status: 'completed' });
      expect(lines[1]).toMatchObject({
        overReply: { replyTurnId: 1, soundTurnId: 2, action: 'stop' },
        answer: { status: 'completed' },
      });
    } finally {
      await relay.stop('SIGKILL');
    }
  });
});

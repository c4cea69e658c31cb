import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, open, rm, writeFile, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { logger } from '../../../log/logger.ts';
import { DecoderProcess } from './decoder-process.ts';

/**
 * A decoder at the process boundary that says only what the test writes to its control FIFO
 * (`-ctl PATH`): it loads at once, reads and drops its audio, and prints the control lines.
 */
const SCRIPTED_DECODER = `#!/bin/sh
ctl=
while [ $# -gt 0 ]; do
  if [ "$1" = -ctl ]; then ctl=$2; fi
  shift
done
echo "INFO: scripted decoder COMPILED ON: test" >&2
cat >/dev/null &
exec cat "$ctl"
`;

describe('DecoderProcess ending an utterance', () => {
  let dir: string;
  let binary: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parley-decoder-process-'));
    binary = join(dir, 'scripted-decoder');
    await writeFile(binary, SCRIPTED_DECODER);
    await chmod(binary, 0o755);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A decoder with an end mark, and the control that makes it speak. */
  async function scripted(name: string): Promise<{ decoder: DecoderProcess; say: FileHandle }> {
    const fifo = join(dir, name);
    execFileSync('mkfifo', [fifo]);
    const decoder = new DecoderProcess({
      binary,
      args: ['-ctl', fifo],
      log: logger('test:asr'),
      delimiterMs: 500,
      endMark: true,
      readProgress: () => null,
    });
    // Opens once the decoder opens its end.
    const say = await open(fifo, 'w');
    await decoder.ready;
    return { decoder, say };
  }

  it('waits for a decoder that is slow but reading on, and gives up only on one silent for the whole timeout', async () => {
    const { decoder, say } = await scripted('slow');
    try {
      let reported: () => void = () => undefined;
      const utterance = decoder.begin({ covered: () => reported() });
      utterance.write(new Uint8Array(3200));
      vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
      let settled = false;
      const ended = utterance.end(5_000);
      ended.then(
        () => (settled = true),
        () => (settled = true),
      );
      await vi.advanceTimersByTimeAsync(4_000);
      // A loaded machine: the decoder is still reading the utterance, and says how far.
      const progress = new Promise<void>((resolve) => (reported = resolve));
      await say.write('@ 800\n');
      await progress;
      // 8 s after the end was asked for, 4 s after the decoder last spoke: not stuck.
      await vi.advanceTimersByTimeAsync(4_000);
      expect(settled).toBe(false);
      expect(decoder.alive).toBe(true);
      await say.write('what time is it\n= end\n');
      await expect(ended).resolves.toEqual(['what time is it']);
      // Silent from here on: the next utterance's end gives up after the timeout, no later.
      const next = decoder.begin();
      next.write(new Uint8Array(3200));
      const rejection = expect(next.end(5_000)).rejects.toThrow(/no result within 5000 ms/);
      await vi.advanceTimersByTimeAsync(5_000);
      await rejection;
      expect(decoder.alive).toBe(false);
    } finally {
      vi.useRealTimers();
      decoder.kill();
      await say.close();
    }
  });
});

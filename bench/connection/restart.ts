import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TalkClient } from '../../relay/src/talk/client.ts';
import { freePort, RelayProcess } from '../../relay/test/relay-process.ts';
import { figures, listeningAt, resumedAfter, type Figures } from './measure.ts';

/**
 * Relay restart → session resumed: the relay (its own process, SQLite on disk) is stopped with
 * `signal` and started again on the same port and data, `runs` times, with one idle client on
 * its default settings. Measured from the relay listening again (its first 200 on /health,
 * polled every 2 ms on fresh connections) to the client's `ready resumed:true`.
 */
export async function restartToResumed(
  signal: 'SIGKILL' | 'SIGTERM',
  runs: number,
): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-restart-'));
  const relay = new RelayProcess(await freePort(), {
    DATA_DIR: dir,
    RESUME_GRACE_S: '600',
    SHUTDOWN_DRAIN_S: '1',
  });
  const samples: number[] = [];
  let failed = 0;
  try {
    await relay.start();
    let client = await TalkClient.connect(relay.wsUrl);
    for (let i = 0; i < runs; i++) {
      const before = client.connection.resumes;
      await relay.stop(signal);
      const listening = listeningAt(relay.url);
      await relay.start();
      const up = await listening;
      const resumed = await resumedAfter(client, before, 30_000);
      if (resumed === null) {
        failed++;
        client.close();
        client = await TalkClient.connect(relay.wsUrl);
      } else samples.push(resumed - up);
    }
    client.close();
  } finally {
    await relay.stop('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
  return figures(samples, failed);
}

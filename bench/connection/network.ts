import { TalkClient } from '../../relay/src/talk/client.ts';
import type { TestRelay } from '../../relay/test/harness.ts';
import { TcpProxy } from '../../relay/test/tcp-proxy.ts';
import { figures, lostAt, now, resumedAfter, type Figures } from './measure.ts';

/** How long a stall lasts beyond the client's declaring its socket dead (ms). */
export const STALL_BEYOND_DEAD_MS = 1000;

/**
 * Stall → session resumed, `runs` times: the path holds every byte (both ways, new connections
 * too) until the client declares its socket dead (two heartbeats of silence) and
 * {@link STALL_BEYOND_DEAD_MS} more, then delivers everything held, as TCP does. Measured from
 * the path's return to the client's `ready resumed:true`, and from the stall's start.
 */
export async function stallToResumed(
  relay: TestRelay,
  runs: number,
  heartbeatMs: number,
): Promise<{ fromReturn: Figures; fromStall: Figures }> {
  const proxy = new TcpProxy(relay.port);
  await proxy.listen();
  const url = `ws://127.0.0.1:${proxy.port}/ws`;
  const fromReturn: number[] = [];
  const fromStall: number[] = [];
  let failed = 0;
  let client = await TalkClient.connect(url, { heartbeatMs });
  try {
    for (let i = 0; i < runs; i++) {
      const before = client.connection.resumes;
      const stalledAt = now();
      proxy.stall();
      const dead = await lostAt(client, 10 * heartbeatMs);
      if (dead === null) throw new Error('the client never noticed the stall');
      await new Promise((r) => setTimeout(r, STALL_BEYOND_DEAD_MS));
      const back = now();
      proxy.release();
      const resumed = await resumedAfter(client, before, 30_000);
      if (resumed === null) {
        failed++;
        client.close();
        client = await TalkClient.connect(url, { heartbeatMs });
        continue;
      }
      fromReturn.push(resumed - back);
      fromStall.push(resumed - stalledAt);
    }
  } finally {
    client.close();
    await proxy.close();
  }
  return { fromReturn: figures(fromReturn, failed), fromStall: figures(fromStall, failed) };
}

/**
 * Dead path → session resumed, `runs` times: the connections open now go dead for ever (bytes
 * vanish, nobody is told) while new ones pass, as when a phone leaves Wi-Fi for cellular.
 * Measured from the path's death to the client declaring its socket dead (detection), and to
 * its `ready resumed:true`.
 */
export async function deadPathToResumed(
  relay: TestRelay,
  runs: number,
  heartbeatMs: number,
): Promise<{ detection: Figures; resumed: Figures }> {
  const proxy = new TcpProxy(relay.port);
  await proxy.listen();
  const url = `ws://127.0.0.1:${proxy.port}/ws`;
  const detection: number[] = [];
  const resumedMs: number[] = [];
  let failed = 0;
  let client = await TalkClient.connect(url, { heartbeatMs });
  try {
    for (let i = 0; i < runs; i++) {
      const before = client.connection.resumes;
      // Anywhere in the heartbeat's cycle, as a real path dies.
      await new Promise((r) => setTimeout(r, Math.random() * heartbeatMs));
      const diedAt = now();
      proxy.killPath();
      const dead = await lostAt(client, 10 * heartbeatMs);
      const resumed = await resumedAfter(client, before, 60_000);
      if (dead === null || resumed === null) {
        failed++;
        client.close();
        client = await TalkClient.connect(url, { heartbeatMs });
        continue;
      }
      detection.push(dead - diedAt);
      resumedMs.push(resumed - diedAt);
    }
  } finally {
    client.close();
    await proxy.close();
  }
  return { detection: figures(detection, failed), resumed: figures(resumedMs, failed) };
}

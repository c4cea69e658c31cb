import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { helloFor, RawClient } from './clients.ts';
import { startTestRelay, type TestRelay } from './harness.ts';

describe("the relay's own heartbeat", () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay({ SERVER_HEARTBEAT_S: '0.5' });
  });
  afterAll(async () => {
    await relay.close();
  });

  it('closes a socket that stops answering pings, and keeps one that answers', async () => {
    const answering = await RawClient.open(relay.wsUrl);
    answering.send(await helloFor(relay));
    await answering.next('ready');
    // A peer that vanished without closing: its socket is open, but nothing answers a ping.
    const silent = new WebSocket(relay.wsUrl, { autoPong: false });
    await new Promise((resolve, reject) => {
      silent.once('open', resolve);
      silent.once('error', reject);
    });
    let pings = 0;
    silent.on('ping', () => pings++);
    const closed = new Promise<number>((resolve) => silent.on('close', (code) => resolve(code)));
    silent.send(JSON.stringify(await helloFor(relay)));
    // Pinged once per heartbeat; terminated at the next one that finds no pong.
    expect(await closed).toBe(1006);
    expect(pings).toBeGreaterThanOrEqual(1);
    expect(answering.ws.readyState).toBe(WebSocket.OPEN);
    // The answering socket outlives several more heartbeats.
    let answered = 0;
    answering.ws.on('ping', () => answered++);
    await expect.poll(() => answered, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    expect(answering.ws.readyState).toBe(WebSocket.OPEN);
    answering.ws.close();
  });
});

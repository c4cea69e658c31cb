import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Chunker, pcm16ToFloat, rmsDbfs, type PcmChunk, type ServerMessage } from '@parley/shared';
import { TalkClient } from '../src/talk/client.ts';
import { closeSynthesizers, synthesizeSpeech } from './fixtures/speech.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { ServerFrames } from './server-frames.ts';
import { TcpProxy } from './tcp-proxy.ts';

/** Waits on the embedded recogniser and a reconnect: generous, for a loaded machine. */
const POLL = { timeout: 20_000, interval: 20 };
/** A 100 ms chunk louder than this (dBFS) is the sound going on (the app's speech level). */
const LOUD_DB = -45;

type Partial = Extract<ServerMessage, { type: 'transcript.partial' }>;
const partialsOf = (messages: readonly ServerMessage[], turnId: number): Partial[] =>
  messages.flatMap((m) => (m.type === 'transcript.partial' && m.turnId === turnId ? [m] : []));

/** "thank you very much" in 100 ms chunks from seq 0, and the last loud one's seq. */
async function sentence(): Promise<{ chunks: PcmChunk[]; lastLoudSeq: number }> {
  const speech = await synthesizeSpeech('thank you very much', {
    leadingSilenceMs: 200,
    trailingSilenceMs: 400,
  });
  const chunker = new Chunker();
  const chunks = chunker.push(pcm16ToFloat(speech.samples));
  const tail = chunker.flush();
  if (tail) chunks.push(tail);
  const loud = chunks.filter((c) => rmsDbfs(pcm16ToFloat(c.samples)) >= LOUD_DB);
  return { chunks, lastLoudSeq: loud.at(-1)?.seq ?? -1 };
}

describe('words across a reconnect (issue 63, item 9)', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay();
  });
  afterAll(async () => {
    await closeSynthesizers();
    await relay.close();
  });

  it('a client whose socket dropped without a close, after the relay sent the words of a sound over the reply it never saw, has those words and how far they reach once it resumes', async () => {
    const proxy = new TcpProxy(relay.port);
    await proxy.listen();
    // What the relay sent down each connection, read off the wire.
    const downlinks = new Map<number, ServerFrames>();
    proxy.onDownlink = (connection, data) => {
      const frames = downlinks.get(connection) ?? new ServerFrames();
      downlinks.set(connection, frames);
      frames.push(data);
    };
    const sent = () => [...downlinks.values()].flatMap((f) => f.messages());
    try {
      // No heartbeat in the test's time: only the drop below ends the first connection.
      const client = await TalkClient.connect(`ws://127.0.0.1:${proxy.port}/ws`, {
        heartbeatMs: 120_000,
      });
      client.send({ type: 'user.text', turnId: 1, text: 'what can you do' });
      await expect.poll(() => client.turns.get(1)?.firstAudioAtMs ?? null, POLL).not.toBeNull();
      // From here what the relay sends vanishes on the way; what the client sends arrives.
      proxy.blackholeDownlink();
      const { chunks, lastLoudSeq } = await sentence();
      client.send({
        type: 'utterance.start',
        turnId: 2,
        firstSeq: 0,
        speechStartAtMs: Date.now(),
        overReply: true,
      });
      for (const chunk of chunks) client.sendChunk(chunk, 2, Date.now());
      // The relay sent words that reach the sound's end, and read on nearly to the last chunk.
      const lastSeq = chunks.at(-1)?.seq ?? 0;
      const covered = () => Math.max(-1, ...partialsOf(sent(), 2).map((m) => m.coversSeq ?? -1));
      await expect.poll(covered, POLL).toBeGreaterThanOrEqual(lastSeq - 2);
      const told = partialsOf(sent(), 2);
      const latest = told.at(-1);
      expect(latest?.text).not.toBe('');
      expect(latest?.coversSeq ?? -1).toBeGreaterThanOrEqual(lastLoudSeq);
      expect(partialsOf(client.received, 2)).toEqual([]);

      // The connection is cut without a WebSocket close (RST both ways); the client resumes.
      proxy.onDownlink = null;
      proxy.restore();
      await expect.poll(() => client.connection.resumes, POLL).toBeGreaterThanOrEqual(1);
      expect(client.ready.resumed).toBe(true);
      await expect
        .poll(() => partialsOf(client.received, 2).at(-1)?.text ?? null, POLL)
        .toBe(latest?.text);
      const resumed = partialsOf(client.received, 2).at(-1);
      expect(resumed?.coversSeq ?? -1).toBeGreaterThanOrEqual(latest?.coversSeq ?? 0);
      client.close();
    } finally {
      await proxy.close();
    }
  });
});

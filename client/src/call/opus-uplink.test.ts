import { describe, expect, it } from 'vitest';
import type { ClientMessage, PcmChunk } from '@parley/shared';
import { OpusUplink, type ChunkEncoder } from './opus-uplink.ts';

const chunk = (seq: number): PcmChunk => ({
  seq,
  firstSample: seq * 1600,
  samples: new Int16Array(1600),
});

/** An encoder whose chunks come out when the test says (as WebCodecs' do, later). */
class SlowEncoder implements ChunkEncoder {
  readonly waiting: ((p: Uint8Array[] | null) => void)[] = [];
  closed = false;
  encode(): Promise<Uint8Array[] | null> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

function uplink(opus: boolean) {
  const wire: string[] = [];
  const encoders: SlowEncoder[] = [];
  const u = new OpusUplink(
    {
      send: (m: ClientMessage) => wire.push(m.type),
      sendChunk: (c, _turnId, _ts, packets) =>
        wire.push(`${packets ? `opus×${packets.length}` : 'pcm'} ${c.seq}`),
    },
    {
      opus,
      bitrate: () => 16_000,
      encoder: () => {
        const e = new SlowEncoder();
        encoders.push(e);
        return e;
      },
    },
  );
  return { u, wire, encoders };
}

const start = { type: 'utterance.start', turnId: 1, firstSeq: 0, speechStartAtMs: 0 } as const;
const end = {
  type: 'utterance.end',
  turnId: 1,
  lastSeq: 1,
  speechEndAtMs: 0,
  sentAtMs: 0,
} as const;

describe('OpusUplink', () => {
  it('keeps the end of an utterance behind its chunks still encoding', async () => {
    const { u, wire, encoders } = uplink(true);
    u.send(start);
    u.sendChunk(chunk(0), 1, 0);
    u.sendChunk(chunk(1), 1, 100);
    u.send(end);
    expect(wire).toEqual(['utterance.start']);
    const [e] = encoders;
    e?.waiting[1]?.([Uint8Array.of(72)]);
    e?.waiting[0]?.([Uint8Array.of(72), Uint8Array.of(72)]);
    await expect.poll(() => wire.length).toBe(4);
    expect(wire).toEqual(['utterance.start', 'opus×2 0', 'opus×1 1', 'utterance.end']);
    await expect.poll(() => e?.closed).toBe(true);
  });

  it('sends a chunk the encoder could not do as PCM16, in its place', async () => {
    const { u, wire, encoders } = uplink(true);
    u.send(start);
    u.sendChunk(chunk(0), 1, 0);
    encoders[0]?.waiting[0]?.(null);
    u.send(end);
    await expect.poll(() => wire).toEqual(['utterance.start', 'pcm 0', 'utterance.end']);
  });

  it('sends what waits behind an encoding at once when the page goes away (drain): the chunks still encoding as PCM16, then the end', async () => {
    const { u, wire, encoders } = uplink(true);
    u.send(start);
    u.sendChunk(chunk(0), 1, 0);
    encoders[0]?.waiting[0]?.([Uint8Array.of(72)]);
    await expect.poll(() => wire).toEqual(['utterance.start', 'opus×1 0']);
    u.sendChunk(chunk(1), 1, 100);
    u.sendChunk(chunk(2), 1, 200);
    u.send({ ...end, lastSeq: 2 });
    // pagehide: the page is gone before the encoder answers, and so is its socket.
    u.drain();
    expect(wire).toEqual(['utterance.start', 'opus×1 0', 'pcm 1', 'pcm 2', 'utterance.end']);
    expect(encoders[0]?.closed).toBe(true);
    // What the encoder gives later is sent no more.
    encoders[0]?.waiting[1]?.([Uint8Array.of(72)]);
    encoders[0]?.waiting[2]?.([Uint8Array.of(72)]);
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(wire).toHaveLength(5);
  });

  it('sends PCM16 at once when the relay did not agree to Opus', () => {
    const { u, wire, encoders } = uplink(false);
    u.send(start);
    u.sendChunk(chunk(0), 1, 0);
    u.send(end);
    expect(wire).toEqual(['utterance.start', 'pcm 0', 'utterance.end']);
    expect(encoders).toEqual([]);
  });
});

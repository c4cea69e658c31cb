import { describe, expect, it } from 'vitest';
import type { ClientMessage } from '@parley/shared';
import { OpusUplink } from '../../call/opus-uplink.ts';
import { UtteranceEncoder, type WebCodecsAudio } from './utterance-encoder.ts';

const FRAME = 320; // 20 ms at 16 kHz

/** How a browser's Opus encoder gives out its packets. */
interface Behaviour {
  /** Added to each packet's timestamp (µs): Gecko stamps them 6.5 ms early. */
  offsetUs: number;
  /** Holds each packet until the next is made, or a flush (Gecko). */
  holdsLast: boolean;
  /** Packets a flush adds after the audio's (the look-ahead's tail). */
  tailPackets: number;
}

const CHROMIUM: Behaviour = { offsetUs: 0, holdsLast: false, tailPackets: 1 };
const GECKO: Behaviour = { offsetUs: -6500, holdsLast: true, tailPackets: 1 };

/** A WebCodecs stand-in whose encoder behaves as `b` says, one byte per packet (its index). */
function webCodecs(b: Behaviour): WebCodecsAudio {
  class FakeData {
    readonly numberOfFrames: number;
    constructor(init: AudioDataInit) {
      this.numberOfFrames = init.numberOfFrames;
    }
    close(): void {}
  }
  class FakeEncoder {
    state: CodecState = 'unconfigured';
    private samples = 0;
    private made = 0;
    private held: number | null = null;
    constructor(private readonly init: AudioEncoderInit) {}
    configure(): void {
      this.state = 'configured';
    }
    encode(data: FakeData): void {
      this.samples += data.numberOfFrames;
      while ((this.made + 1) * FRAME <= this.samples) this.make(this.made++);
    }
    flush(): Promise<void> {
      if (this.held !== null) this.emit(this.held);
      this.held = null;
      for (let i = 0; i < b.tailPackets; i++) this.emit(this.made++);
      return Promise.resolve();
    }
    close(): void {
      this.state = 'closed';
    }
    private make(index: number): void {
      if (!b.holdsLast) return this.emit(index);
      if (this.held !== null) this.emit(this.held);
      this.held = index;
    }
    private emit(index: number): void {
      const chunk = {
        byteLength: 1,
        timestamp: index * 20_000 + b.offsetUs,
        duration: 20_000,
        copyTo: (dest: Uint8Array) => dest.set([index % 256]),
      };
      this.init.output(chunk as unknown as EncodedAudioChunk, {});
    }
  }
  return {
    AudioEncoder: FakeEncoder as unknown as WebCodecsAudio['AudioEncoder'],
    AudioData: FakeData as unknown as WebCodecsAudio['AudioData'],
  };
}

const speech = () => new Int16Array(1600);

describe.each([
  ['Chromium', CHROMIUM],
  ['Gecko', GECKO],
] as const)("UtteranceEncoder, with %s's encoder", (_name, behaviour) => {
  it('gives each 100 ms chunk five packets, in the order the encoder made them', async () => {
    const encoder = new UtteranceEncoder(16_000, webCodecs(behaviour));
    const chunks = [encoder.encode(speech()), encoder.encode(speech()), encoder.encode(speech())];
    await encoder.close();
    const packets = await Promise.all(chunks);
    expect(packets.map((p) => p?.map((bytes) => bytes[0]))).toEqual([
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9],
      [10, 11, 12, 13, 14],
    ]);
  });

  it('ends an utterance through the uplink: the chunks, then the end, never stuck', async () => {
    const wire: string[] = [];
    const uplink = new OpusUplink(
      {
        send: (m: ClientMessage) => wire.push(m.type),
        sendChunk: (c, _turnId, _ts, packets) =>
          wire.push(`${packets ? `opus×${packets.length}` : 'pcm'} ${c.seq}`),
      },
      {
        opus: true,
        bitrate: () => 16_000,
        encoder: (bitrate) => new UtteranceEncoder(bitrate, webCodecs(behaviour)),
      },
    );
    uplink.send({ type: 'utterance.start', turnId: 1, firstSeq: 0, speechStartAtMs: 0 });
    for (let seq = 0; seq < 3; seq++)
      uplink.sendChunk({ seq, firstSample: seq * 1600, samples: speech() }, 1, seq * 100);
    uplink.send({ type: 'utterance.end', turnId: 1, lastSeq: 2, speechEndAtMs: 0, sentAtMs: 0 });
    await expect
      .poll(() => wire)
      .toEqual(['utterance.start', 'opus×5 0', 'opus×5 1', 'opus×5 2', 'utterance.end']);
  });
});

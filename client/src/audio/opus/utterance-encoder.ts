import { CHUNK_MS, SAMPLE_RATE_HZ, pcm16ToFloat } from '@parley/shared';

/** Opus settings newer than TypeScript's DOM types (WebCodecs Opus registration). */
interface SpeechOpusConfig extends OpusEncoderConfig {
  application: 'voip' | 'audio' | 'lowdelay';
  signal: 'auto' | 'music' | 'voice';
}

/** How the browser encodes the microphone: speech, mono, 16 kHz, 20 ms packets. */
export function uplinkEncoderConfig(bitrate: number): AudioEncoderConfig {
  const opus: SpeechOpusConfig = {
    frameDuration: 20_000,
    application: 'voip',
    signal: 'voice',
    // The most careful encoding (~1 ms of CPU per 100 ms chunk): the recogniser hears it.
    complexity: 10,
  };
  return { codec: 'opus', sampleRate: SAMPLE_RATE_HZ, numberOfChannels: 1, bitrate, opus };
}

const CHUNK_US = CHUNK_MS * 1000;
/** Packets in a 100 ms chunk: five of 20 ms. */
const PACKETS_PER_CHUNK = CHUNK_MS / 20;

/** The WebCodecs classes an encoder is made with (the browser's; a test's stand-ins). */
export interface WebCodecsAudio {
  AudioEncoder: new (init: AudioEncoderInit) => AudioEncoder;
  AudioData: new (init: AudioDataInit) => AudioData;
}

/** A chunk being encoded: where its packets go once all are out. */
interface Pending {
  packets: Uint8Array[];
  resolve: (packets: Uint8Array[] | null) => void;
}

/**
 * One utterance's microphone audio as one Opus stream (WebCodecs `AudioEncoder`): each 100 ms
 * chunk comes back as five 20 ms packets, the stream's packets in the order the encoder gave
 * them. Null for a chunk the encoder could not do (it failed, or was closed first): that chunk
 * goes as PCM16, which the relay always takes.
 *
 * Packets are counted, not placed by their timestamps: Gecko's encoder stamps its packets 6.5 ms
 * early (its look-ahead), so a chunk's first packet reads as the previous chunk's. The relay
 * decodes the utterance's packets as one stream, so which chunk carries a packet does not change
 * what it hears. An encoder may also hold a chunk's last packet until the next audio or a
 * flush (Gecko does): {@link close} flushes, and must not wait behind the chunks it completes.
 */
export class UtteranceEncoder {
  readonly bitrate: number;
  private readonly encoder: AudioEncoder;
  private readonly codecs: WebCodecsAudio;
  private readonly pending: Pending[] = [];
  private chunks = 0;

  constructor(bitrate: number, codecs: WebCodecsAudio = globalThis) {
    this.bitrate = bitrate;
    this.codecs = codecs;
    this.encoder = new codecs.AudioEncoder({
      output: (chunk) => this.output(chunk),
      error: () => this.settleAll(),
    });
    this.encoder.configure(uplinkEncoderConfig(bitrate));
  }

  /** The packets of the next 100 ms chunk of the utterance (null: send it as PCM16). */
  encode(samples: Int16Array): Promise<Uint8Array[] | null> {
    if (this.encoder.state !== 'configured') return Promise.resolve(null);
    const startUs = this.chunks++ * CHUNK_US;
    const done = new Promise<Uint8Array[] | null>((resolve) =>
      this.pending.push({ packets: [], resolve }),
    );
    const data = new this.codecs.AudioData({
      format: 'f32',
      sampleRate: SAMPLE_RATE_HZ,
      numberOfFrames: samples.length,
      numberOfChannels: 1,
      timestamp: startUs,
      data: pcm16ToFloat(samples),
    });
    try {
      this.encoder.encode(data);
    } finally {
      data.close();
    }
    return done;
  }

  /**
   * The utterance is over: the encoder gives out what it holds, and chunks still encoding get
   * their packets first (a chunk short of packets then goes as PCM16).
   */
  async close(): Promise<void> {
    if (this.encoder.state === 'configured') await this.encoder.flush().catch(() => undefined);
    if (this.encoder.state !== 'closed') this.encoder.close();
    this.settleAll();
  }

  private output(chunk: EncodedAudioChunk): void {
    const owner = this.pending[0];
    // Past the last chunk (the flush's tail of look-ahead): no chunk of the user's has it.
    if (!owner) return;
    const bytes = new Uint8Array(chunk.byteLength);
    chunk.copyTo(bytes);
    owner.packets.push(bytes);
    if (owner.packets.length < PACKETS_PER_CHUNK) return;
    this.pending.shift();
    owner.resolve(owner.packets);
  }

  private settleAll(): void {
    for (const p of this.pending.splice(0)) p.resolve(null);
  }
}

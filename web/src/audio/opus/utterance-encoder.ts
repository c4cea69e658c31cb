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

/** A chunk being encoded: where its packets go once all are out. */
interface Pending {
  startUs: number;
  packets: Uint8Array[];
  resolve: (packets: Uint8Array[] | null) => void;
}

/**
 * One utterance's microphone audio as one Opus stream (WebCodecs `AudioEncoder`): each 100 ms
 * chunk comes back as its five 20 ms packets, told apart by their timestamps. Null for a chunk
 * the encoder could not do (it failed, or was closed): that chunk goes as PCM16, which the
 * relay always takes.
 */
export class UtteranceEncoder {
  readonly bitrate: number;
  private readonly encoder: AudioEncoder;
  private readonly pending: Pending[] = [];
  private chunks = 0;

  constructor(bitrate: number) {
    this.bitrate = bitrate;
    this.encoder = new AudioEncoder({
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
      this.pending.push({ startUs, packets: [], resolve }),
    );
    const data = new AudioData({
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

  /** The utterance is over: chunks still encoding get their packets first. */
  async close(): Promise<void> {
    if (this.encoder.state === 'configured') await this.encoder.flush().catch(() => undefined);
    if (this.encoder.state !== 'closed') this.encoder.close();
    this.settleAll();
  }

  private output(chunk: EncodedAudioChunk): void {
    const bytes = new Uint8Array(chunk.byteLength);
    chunk.copyTo(bytes);
    // The packet of the chunk whose 100 ms it starts in (the flush's last one: of none).
    const owner = this.pending.find(
      (p) => chunk.timestamp >= p.startUs && chunk.timestamp < p.startUs + CHUNK_US,
    );
    if (!owner) return;
    owner.packets.push(bytes);
    const packetUs = chunk.duration ?? 20_000;
    const ended = chunk.timestamp + packetUs >= owner.startUs + CHUNK_US;
    // Chunks are whole, in order: once one's last packet is out, it and all before it are done.
    if (ended)
      while (this.pending[0] && this.pending[0].startUs <= owner.startUs) {
        const p = this.pending.shift();
        p?.resolve(p.packets.length === CHUNK_MS / 20 ? p.packets : null);
      }
  }

  private settleAll(): void {
    for (const p of this.pending.splice(0)) p.resolve(null);
  }
}

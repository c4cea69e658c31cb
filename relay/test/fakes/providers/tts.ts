import type { ProviderInfo } from '@parley/shared';
import type { TtsChainRequest, TtsProvider } from '../../../src/providers/stages/tts.ts';
import { delayed } from './asr.ts';

export interface FakeTtsOptions {
  /** Request → first audio block (ms). */
  firstAudioDelayMs: number;
  /** Speech length per character of text (ms): 45–65 ms is a natural speaking rate. */
  msPerChar: number;
  /** Duration of each yielded block (ms). */
  blockMs: number;
  /**
   * The blocks handed over back to back, with no turn of the event loop between them, as the
   * embedded voice yields a synthesised piece from memory. Default: one turn between blocks.
   */
  burst?: boolean;
}

const RATE_HZ = 16_000;

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A voice that "speaks" any text as a quiet 220 Hz tone of plausible length: after a fixed
 * first-audio latency, one block per event-loop turn (as a hosted voice's network chunks arrive,
 * each in its own I/O callback), as fast as they are taken.
 */
export class FakeTts implements TtsProvider {
  readonly info: ProviderInfo = { id: 'fake-tts', label: 'Fake TTS (in-process fake)' };
  readonly sampleRateHz = RATE_HZ;
  /** Sentences synthesised (counter for the bench). */
  requests = 0;
  /** Syntheses started and not closed yet: one left open after its turn is a leak. */
  open = 0;
  private readonly block: Int16Array;

  constructor(private readonly options: FakeTtsOptions) {
    this.block = new Int16Array(Math.round((RATE_HZ * options.blockMs) / 1000));
    for (let i = 0; i < this.block.length; i++)
      this.block[i] = Math.round(3000 * Math.sin((2 * Math.PI * 220 * i) / RATE_HZ));
  }

  async *synthesize(request: TtsChainRequest): AsyncGenerator<Int16Array> {
    this.requests++;
    this.open++;
    try {
      request.onServed?.(this.info, RATE_HZ);
      await delayed(this.options.firstAudioDelayMs, request.signal);
      let left = Math.round((RATE_HZ * request.text.length * this.options.msPerChar) / 1000);
      for (let first = true; left > 0; first = false) {
        if (!first && this.options.burst !== true) await nextTick();
        request.signal.throwIfAborted();
        const n = Math.min(left, this.block.length);
        // A fresh buffer per block, as a decoder would hand out.
        yield this.block.slice(0, n);
        left -= n;
      }
    } finally {
      this.open--;
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

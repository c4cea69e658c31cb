import { BYTES_PER_SAMPLE, SAMPLE_RATE_HZ, type ProviderInfo } from '@parley/shared';
import { logger } from '../../log/logger.ts';
import type { AsrProvider, AsrStartOptions } from '../types.ts';
import { DecoderProcess } from './decoder-process.ts';
import { PocketSphinxStream } from './pocketsphinx-stream.ts';

/**
 * Decoder flags. Measured on 30 short commands spoken by 4 Flite voices (120 clips; exact
 * transcripts): PocketSphinx's defaults got 86. `-remove_noise no` and `-topn 8` got 90 each —
 * too small a gain on clean synthetic speech to give up noise removal (real microphones) or pay
 * for more Gaussians; `-vad_postspeech 100` and `-vad_threshold 3` changed nothing; wider beams
 * got 85 and decoded ~2× slower; `-fwdflat no -bestpath no` got 68 and was not faster at finish.
 * The sample rate is spelled out because every write is resampled to it.
 */
/**
 * `-vad_postspeech 20`: the decoder closes a segment after 200 ms of silence (default 500), so
 * the text of what was said is ready at a pause (speculative answers) and long before the
 * client's end of turn; on Flite speech it also drops stray trailing words ("… huh").
 */
export const DEFAULT_DECODER_ARGS: readonly string[] = [
  '-samprate',
  String(SAMPLE_RATE_HZ),
  '-vad_postspeech',
  '20',
];

export interface PocketSphinxAsrOptions {
  /** Decoders kept loaded and waiting for audio. Default 2; 0 starts one per utterance (slow). */
  poolSize?: number;
  /** Path or name (looked up in PATH) of `pocketsphinx_continuous`. */
  binary?: string;
  /**
   * Extra decoder flags as `['-flag', 'value', …]`; a flag given here replaces the same flag in
   * {@link DEFAULT_DECODER_ARGS}.
   */
  args?: readonly string[];
  /** Longest `finish` waits for the transcript before failing (ms). Default 10,000. */
  finishTimeoutMs?: number;
  /** Audio allowed to queue up in front of a stuck decoder before the utterance fails (ms). Default 30,000. */
  maxBufferedMs?: number;
}

/**
 * Offline speech recognition with CMU PocketSphinx (Debian `pocketsphinx` + `pocketsphinx-en-us`).
 * Keeps `poolSize` decoder processes with the model loaded, waiting for audio; `start` claims one
 * and streams the utterance into it while the user speaks, so `finish` only waits for the last
 * ~0.1 s of decoding. Each process serves one utterance (the decoder exits at end of input).
 */
export class PocketSphinxAsr implements AsrProvider {
  readonly info: ProviderInfo = { id: 'pocketsphinx', label: 'PocketSphinx (offline)' };
  private readonly log = logger('relay:asr', { provider: 'pocketsphinx' });
  private readonly idle: DecoderProcess[] = [];
  /** Every decoder process not yet exited, idle or serving a stream. */
  private readonly live = new Set<DecoderProcess>();
  private readonly streams = new Set<PocketSphinxStream>();
  private readonly poolSize: number;
  private readonly binary: string;
  private readonly args: readonly string[];
  private readonly finishTimeoutMs: number;
  private readonly maxBufferedBytes: number;
  private closed = false;

  constructor(options: PocketSphinxAsrOptions = {}) {
    this.poolSize = Math.max(0, options.poolSize ?? 2);
    this.binary = options.binary ?? 'pocketsphinx_continuous';
    this.args = mergeFlags(DEFAULT_DECODER_ARGS, options.args ?? []);
    this.finishTimeoutMs = options.finishTimeoutMs ?? 10_000;
    this.maxBufferedBytes =
      ((options.maxBufferedMs ?? 30_000) * SAMPLE_RATE_HZ * BYTES_PER_SAMPLE) / 1000;
    this.refill();
  }

  /** Resolves when every pooled decoder has loaded its model; rejects if one failed to start. */
  async ready(): Promise<void> {
    await Promise.all(this.idle.map((decoder) => decoder.ready));
  }

  start(options: AsrStartOptions): PocketSphinxStream {
    if (this.closed) throw new Error('PocketSphinx ASR is closed');
    let decoder = this.idle.shift();
    while (decoder && !decoder.alive) decoder = this.idle.shift();
    const warm = decoder !== undefined;
    decoder ??= this.spawn();
    // Load the replacement after this call returns; the claimed decoder is already running.
    setImmediate(() => this.refill());
    const stream = new PocketSphinxStream(decoder, options, {
      finishTimeoutMs: this.finishTimeoutMs,
      maxBufferedBytes: this.maxBufferedBytes,
      log: this.log,
      recycle: (used) => this.recycle(used),
      release: (done) => this.streams.delete(done),
    });
    this.streams.add(stream);
    this.log.debug(
      { pid: decoder.pid, warm, sampleRateHz: options.sampleRateHz },
      'asr stream started',
    );
    return stream;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.idle.length = 0;
    for (const stream of [...this.streams]) stream.abort();
    const decoders = [...this.live];
    for (const decoder of decoders) decoder.kill();
    await Promise.allSettled(decoders.map((decoder) => decoder.done));
  }

  private spawn(): DecoderProcess {
    const decoder = new DecoderProcess({ binary: this.binary, args: this.args, log: this.log });
    this.live.add(decoder);
    decoder.done.finally(() => this.live.delete(decoder)).catch(() => undefined);
    decoder.done.then(
      () => this.forget(decoder),
      (error: unknown) => {
        if (this.forget(decoder))
          this.log.warn({ err: error, pid: decoder.pid }, 'idle decoder died');
      },
    );
    return decoder;
  }

  /** Drops a decoder that exited while idle; true if it was idle. Not respawned here (no crash loops). */
  private forget(decoder: DecoderProcess): boolean {
    const index = this.idle.indexOf(decoder);
    if (index >= 0) this.idle.splice(index, 1);
    return index >= 0;
  }

  private refill(): void {
    while (!this.closed && this.idle.length < this.poolSize) this.idle.push(this.spawn());
  }

  /** Takes back a decoder that never received audio: it is warm, so it goes first in line. */
  private recycle(decoder: DecoderProcess): void {
    if (this.closed || !decoder.alive) return decoder.kill();
    this.idle.unshift(decoder);
    while (this.idle.length > this.poolSize) this.idle.pop()?.kill();
  }
}

/** `defaults` with every `-flag value` pair in `overrides` replacing or adding to it. */
export function mergeFlags(defaults: readonly string[], overrides: readonly string[]): string[] {
  const flags = new Map<string, string>();
  const add = (list: readonly string[]) => {
    if (list.length % 2 !== 0)
      throw new RangeError(`Decoder flags must come in '-flag value' pairs: ${list.join(' ')}`);
    for (let i = 0; i < list.length; i += 2) {
      const flag = list[i];
      const value = list[i + 1];
      if (flag !== undefined && value !== undefined) flags.set(flag, value);
    }
  };
  add(defaults);
  add(overrides);
  return [...flags].flat();
}

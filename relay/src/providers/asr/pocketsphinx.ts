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

/** Utterances one decoder process serves before it is replaced (bounds any slow leak in it). */
const UTTERANCES_PER_DECODER = 1000;

export interface PocketSphinxAsrOptions {
  /**
   * Decoders kept loaded and free for the next utterance beyond those in use. Default 2; 0
   * starts one for each utterance that finds none free (slow).
   */
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
  /**
   * How long more decoders than `poolSize` must have stayed free before the surplus is stopped
   * (ms): a burst's decoders are kept for the next one. Default 60,000.
   */
  surplusAfterMs?: number;
}

/**
 * Offline speech recognition with CMU PocketSphinx (Debian `pocketsphinx` + `pocketsphinx-en-us`).
 * Each decoder process has the model loaded and serves utterance after utterance (see
 * {@link DecoderProcess}); `start` claims a free one and streams the utterance into it while the
 * user speaks, so `finish` only waits for the last ~0.1 s of decoding. An utterance that is
 * abandoned or finished gives its decoder back: processes are started only when more
 * utterances run at once than there are decoders, never per utterance.
 */
export class PocketSphinxAsr implements AsrProvider {
  readonly info: ProviderInfo = { id: 'pocketsphinx', label: 'PocketSphinx (offline)' };
  private readonly log = logger('relay:asr', { provider: 'pocketsphinx' });
  /** Decoders no stream holds, most recently freed first (loading, still decoding, or idle). */
  private readonly free: DecoderProcess[] = [];
  /** Every decoder process not yet exited, free or serving a stream. */
  private readonly live = new Set<DecoderProcess>();
  private readonly streams = new Set<PocketSphinxStream>();
  private readonly poolSize: number;
  private readonly binary: string;
  private readonly args: readonly string[];
  private readonly delimiterMs: number;
  private readonly finishTimeoutMs: number;
  private readonly maxBufferedBytes: number;
  /** Fewest free decoders since the last surplus check: what the pool did not need. */
  private lowWater = 0;
  private readonly surplusTimer: NodeJS.Timeout;
  private closed = false;
  /** Decoder processes started since creation (diagnostics, tests). */
  spawned = 0;

  constructor(options: PocketSphinxAsrOptions = {}) {
    this.poolSize = Math.max(0, options.poolSize ?? 2);
    this.binary = options.binary ?? 'pocketsphinx_continuous';
    this.args = mergeFlags(DEFAULT_DECODER_ARGS, options.args ?? []);
    this.delimiterMs = delimiterMs(this.args);
    this.finishTimeoutMs = options.finishTimeoutMs ?? 10_000;
    this.maxBufferedBytes =
      ((options.maxBufferedMs ?? 30_000) * SAMPLE_RATE_HZ * BYTES_PER_SAMPLE) / 1000;
    this.refill();
    this.lowWater = this.free.length;
    this.surplusTimer = setInterval(() => this.stopSurplus(), options.surplusAfterMs ?? 60_000);
    this.surplusTimer.unref();
  }

  /** Resolves when every pooled decoder has loaded its model; rejects if one failed to start. */
  async ready(): Promise<void> {
    await Promise.all(this.free.map((decoder) => decoder.ready));
  }

  /** Decoder processes running now, free or in use. */
  get processes(): number {
    return this.live.size;
  }

  start(options: AsrStartOptions): PocketSphinxStream {
    if (this.closed) throw new Error('PocketSphinx ASR is closed');
    const decoder = this.claim();
    const warm = decoder !== undefined;
    const used = decoder ?? this.spawn();
    // Load a replacement after this call returns, if the free ones ran short.
    setImmediate(() => this.refill());
    const stream = new PocketSphinxStream(used, options, {
      finishTimeoutMs: this.finishTimeoutMs,
      maxBufferedBytes: this.maxBufferedBytes,
      log: this.log,
      release: (d, ended) => this.release(d, ended),
      closed: (done) => this.streams.delete(done),
    });
    this.streams.add(stream);
    this.log.debug(
      { pid: used.pid, warm, sampleRateHz: options.sampleRateHz },
      'asr stream started',
    );
    return stream;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.surplusTimer);
    this.free.length = 0;
    for (const stream of [...this.streams]) stream.abort();
    const decoders = [...this.live];
    for (const decoder of decoders) decoder.kill();
    await Promise.allSettled(decoders.map((decoder) => decoder.done));
  }

  /** A free decoder, idle ones first (then one still decoding or loading); none: undefined. */
  private claim(): DecoderProcess | undefined {
    const index = [this.free.findIndex((d) => d.idle), this.free.findIndex((d) => d.alive)].find(
      (i) => i >= 0,
    );
    if (index === undefined) return undefined;
    const [decoder] = this.free.splice(index, 1);
    this.lowWater = Math.min(this.lowWater, this.free.length);
    return decoder;
  }

  private spawn(): DecoderProcess {
    const decoder = new DecoderProcess({
      binary: this.binary,
      args: this.args,
      log: this.log,
      delimiterMs: this.delimiterMs,
    });
    this.spawned++;
    this.live.add(decoder);
    decoder.done.then(
      () => this.forget(decoder),
      (error: unknown) => {
        if (this.forget(decoder))
          this.log.warn({ err: error, pid: decoder.pid }, 'free decoder died');
      },
    );
    return decoder;
  }

  /** Drops a decoder that exited; true if it was free. Not respawned here (no crash loops). */
  private forget(decoder: DecoderProcess): boolean {
    this.live.delete(decoder);
    const index = this.free.indexOf(decoder);
    if (index >= 0) this.free.splice(index, 1);
    return index >= 0;
  }

  private refill(): void {
    while (!this.closed && this.free.length < this.poolSize) this.free.push(this.spawn());
  }

  /**
   * Takes back a decoder whose stream has ended its utterance. It is free at once (audio of
   * the next utterance waits for it to finish decoding), unless it cannot serve another.
   */
  private release(decoder: DecoderProcess, ended: Promise<unknown>): void {
    // A one-utterance decoder exits by itself once done.
    if (decoder.singleUse) return;
    if (this.closed || !decoder.alive) return decoder.kill();
    if (decoder.utterances >= UTTERANCES_PER_DECODER) {
      void ended.finally(() => decoder.kill()).catch(() => undefined);
      return;
    }
    // One that fails while finishing is killed, and `forget` drops it from here.
    this.free.unshift(decoder);
  }

  /** Stops the decoders the pool has kept free beyond `poolSize` all through the last period. */
  private stopSurplus(): void {
    let surplus = this.lowWater - this.poolSize;
    // Least recently used first: they are at the end.
    for (let i = this.free.length - 1; i >= 0 && surplus > 0; i--) {
      const decoder = this.free[i];
      if (!decoder?.idle) continue;
      this.free.splice(i, 1);
      decoder.kill();
      surplus--;
    }
    this.lowWater = this.free.length;
  }
}

/**
 * Silence that surely ends a speech segment in the decoder: its voice activity detector ends one
 * after `-vad_postspeech` silent frames (default 50, at `-frate` frames per second, default
 * 100); measured, it needs a few frames more, so 30 are added.
 */
export function delimiterMs(args: readonly string[]): number {
  const flag = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    const value = i >= 0 && i % 2 === 0 ? Number(args[i + 1]) : NaN;
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return ((flag('-vad_postspeech', 50) + 30) * 1000) / flag('-frate', 100);
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

import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { BYTES_PER_SAMPLE, SAMPLE_RATE_HZ, type ProviderInfo } from '@parley/shared';
import { logger } from '../../../log/logger.ts';
import type { AsrProvider, AsrStartOptions } from '../../stages/asr.ts';
import type { ProviderCapabilities, WorkerPoolStats } from '../../stages/capabilities.ts';
import { CONTINUOUS_DECODER, defaultDecoderBinary, stopPhrasesFile } from './decoder-binary.ts';
import { DecoderProcess } from './decoder-process.ts';
import { PocketSphinxStream } from './pocketsphinx-stream.ts';

/**
 * Decoder flags: PocketSphinx's defaults, which heard as many short commands as any flag set we
 * measured without slowing the decode or giving up noise removal for real microphones
 * (docs/decisions.md#pocketsphinxs-flags-defaults-but-200-ms-of-silence). The sample rate is
 * spelled out because every write is resampled to it.
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
   * Fresh decoders (model loaded, never used) kept ready for a speaker who has none. Default 2;
   * 0 starts one when needed (slow).
   */
  poolSize?: number;
  /**
   * Path or name (looked up in PATH) of the decoder: `pocketsphinx_continuous` or a program
   * that reads and prints as it does. Default: `parley-sphinx` when built (it prints partial
   * hypotheses too, see {@link defaultDecoderBinary}), else `pocketsphinx_continuous`.
   */
  binary?: string;
  /**
   * Extra decoder flags as `['-flag', 'value', …]`; a flag given here replaces the same flag in
   * {@link DEFAULT_DECODER_ARGS}.
   */
  args?: readonly string[];
  /**
   * Longest the decoder may print nothing while `finish` waits for its transcript: then it is
   * taken for stuck, killed, and the utterance fails (ms). A hang guard, not a deadline: the
   * failover's ASR_FINAL_TIMEOUT_S bounds the user's wait. Default 10,000.
   */
  finishTimeoutMs?: number;
  /** Audio allowed to queue up in front of a stuck decoder before the utterance fails (ms). Default 30,000. */
  maxBufferedMs?: number;
  /** How long a speaker's free decoder is kept for their next utterance (ms). Default 60,000. */
  keepForSpeakerMs?: number;
  /**
   * Most free decoders kept for speakers at once (each holds ~130 MB, ~30 of them its
   * stop-phrase spotter); beyond it the least recently used is stopped. Default 2 per CPU core,
   * at least 4.
   */
  maxKept?: number;
}

/**
 * Offline speech recognition with CMU PocketSphinx (Debian `pocketsphinx` + `pocketsphinx-en-us`).
 * Each decoder process has the model loaded and serves utterance after utterance (see
 * {@link DecoderProcess}); `start` claims a free one and streams the utterance into it while the
 * user speaks, so `finish` only waits for the last ~0.1 s of decoding.
 *
 * A decoder serves one speaker only (`AsrStartOptions.speaker`): it adapts its noise and channel
 * estimates to what it hears, so another user's audio must never reach it. A speaker's
 * utterances go to their own free decoder when they have one (finished or abandoned, it is
 * free at once), else to a fresh one, which becomes theirs. So processes are started for new
 * speakers and for more utterances at once, never per utterance.
 */
export class PocketSphinxAsr implements AsrProvider {
  readonly info: ProviderInfo = { id: 'pocketsphinx', label: 'PocketSphinx (offline)' };
  /** The US English model of Debian's `pocketsphinx-en-us`. */
  readonly languages = ['en'] as const;
  private readonly log = logger('relay:asr', { provider: 'pocketsphinx' });
  /** Decoders never used: loading or idle. */
  private readonly spares: DecoderProcess[] = [];
  /** Free decoders of speakers, least recently used first: their speaker and since when. */
  private readonly kept = new Map<DecoderProcess, { speaker: string; sinceMs: number }>();
  /** The speaker each used decoder serves. */
  private readonly speakers = new WeakMap<DecoderProcess, string>();
  /** Every decoder process not yet exited. */
  private readonly live = new Set<DecoderProcess>();
  private readonly streams = new Set<PocketSphinxStream>();
  private readonly poolSize: number;
  private readonly binary: string;
  private readonly args: readonly string[];
  private readonly delimiterMs: number;
  private readonly segmentGapMs: number;
  private readonly finishTimeoutMs: number;
  private readonly maxBufferedBytes: number;
  private readonly keepMs: number;
  private readonly maxKept: number;
  private readonly sweep: NodeJS.Timeout;
  private closed = false;
  /** Decoder processes started since creation (diagnostics, tests). */
  spawned = 0;

  constructor(options: PocketSphinxAsrOptions = {}) {
    this.poolSize = Math.max(0, options.poolSize ?? 2);
    this.binary = options.binary ?? defaultDecoderBinary();
    this.log.info(
      { binary: this.binary, partials: this.binary !== CONTINUOUS_DECODER },
      'decoder chosen',
    );
    const spot = stopPhrasesFile(this.binary);
    this.args = mergeFlags(
      spot === null ? DEFAULT_DECODER_ARGS : [...DEFAULT_DECODER_ARGS, '-spot', spot],
      options.args ?? [],
    );
    this.delimiterMs = delimiterMs(this.args);
    this.segmentGapMs = segmentGapMs(this.args);
    this.finishTimeoutMs = options.finishTimeoutMs ?? 10_000;
    this.maxBufferedBytes =
      ((options.maxBufferedMs ?? 30_000) * SAMPLE_RATE_HZ * BYTES_PER_SAMPLE) / 1000;
    this.keepMs = options.keepForSpeakerMs ?? 60_000;
    this.maxKept = options.maxKept ?? Math.max(4, 2 * availableParallelism());
    this.refill();
    this.sweep = setInterval(() => this.trim(), Math.max(10, this.keepMs / 4));
    this.sweep.unref();
  }

  /** Resolves when every fresh decoder has loaded its model; rejects if one failed to start. */
  async ready(): Promise<void> {
    await Promise.all(this.spares.map((decoder) => decoder.ready));
  }

  /** Decoder processes running now, free or in use. */
  get processes(): number {
    return this.live.size;
  }

  /** Its pool of decoders ({@link poolStats}). */
  capability<K extends keyof ProviderCapabilities>(name: K): ProviderCapabilities[K] | null {
    const capabilities: Partial<ProviderCapabilities> = { pool: { stats: () => this.poolStats() } };
    return capabilities[name] ?? null;
  }

  /**
   * Decoders alive and busy, utterances waiting behind another of their speaker's, and the
   * audio queued in front of the decoders. One decoder per utterance: none waits for a free one.
   */
  poolStats(): WorkerPoolStats {
    let busy = 0;
    let queued = 0;
    let queuedBytes = 0;
    for (const decoder of this.live) {
      if (decoder.busy) busy++;
      queued += decoder.waitingUtterances;
      queuedBytes += decoder.bufferedBytes;
    }
    return {
      workers: this.live.size,
      busy,
      maxWorkers: null,
      queued,
      queuedAudioMs: (queuedBytes / BYTES_PER_SAMPLE / SAMPLE_RATE_HZ) * 1000,
    };
  }

  start(options: AsrStartOptions): PocketSphinxStream {
    if (this.closed) throw new Error('PocketSphinx ASR is closed');
    const speaker = options.speaker ?? '';
    const own = this.claimKept(speaker);
    const decoder = own ?? this.claimSpare() ?? this.spawn();
    this.speakers.set(decoder, speaker);
    // Load a replacement after this call returns, if a fresh one was taken.
    setImmediate(() => this.refill());
    const stream = new PocketSphinxStream(decoder, options, {
      finishTimeoutMs: this.finishTimeoutMs,
      maxBufferedBytes: this.maxBufferedBytes,
      segmentGapMs: this.segmentGapMs,
      log: this.log,
      release: (d, ended) => this.release(d, ended),
      another: () => {
        const fresh = this.claimSpare() ?? this.spawn();
        this.speakers.set(fresh, speaker);
        setImmediate(() => this.refill());
        return fresh;
      },
      closed: (done) => this.streams.delete(done),
    });
    this.streams.add(stream);
    this.log.debug(
      { pid: decoder.pid, own: own !== undefined, sampleRateHz: options.sampleRateHz },
      'asr stream started',
    );
    return stream;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweep);
    this.spares.length = 0;
    this.kept.clear();
    for (const stream of [...this.streams]) stream.abort();
    const decoders = [...this.live];
    for (const decoder of decoders) decoder.kill();
    await Promise.allSettled(decoders.map((decoder) => decoder.done));
  }

  /** The speaker's free decoder, an idle one first (else one still decoding their last). */
  private claimKept(speaker: string): DecoderProcess | undefined {
    let found: DecoderProcess | undefined;
    for (const [decoder, k] of this.kept) {
      if (k.speaker !== speaker || !decoder.alive) continue;
      found = decoder;
      if (decoder.idle) break;
    }
    if (found) this.kept.delete(found);
    return found;
  }

  /** A fresh decoder, a loaded one first. */
  private claimSpare(): DecoderProcess | undefined {
    const index = this.spares.findIndex((d) => d.idle);
    return this.spares.splice(index >= 0 ? index : 0, 1)[0];
  }

  private spawn(): DecoderProcess {
    const decoder = new DecoderProcess({
      binary: this.binary,
      args: this.args,
      log: this.log,
      delimiterMs: this.delimiterMs,
      endMark: this.binary !== CONTINUOUS_DECODER && basename(this.binary) === 'parley-sphinx',
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
    const index = this.spares.indexOf(decoder);
    if (index >= 0) this.spares.splice(index, 1);
    return this.kept.delete(decoder) || index >= 0;
  }

  private refill(): void {
    while (!this.closed && this.spares.length < this.poolSize) this.spares.push(this.spawn());
  }

  /**
   * Takes back a decoder whose stream has ended its utterance: free at once for its speaker's
   * next one (whose audio waits until it has decoded this one), unless it cannot serve another.
   */
  private release(decoder: DecoderProcess, ended: Promise<unknown>): void {
    // A one-utterance decoder exits by itself once done.
    if (decoder.singleUse) return;
    if (this.closed || !decoder.alive) return decoder.kill();
    if (decoder.utterances >= UTTERANCES_PER_DECODER) {
      void ended.finally(() => decoder.kill()).catch(() => undefined);
      return;
    }
    // One that fails while decoding is killed, and `forget` drops it from here.
    this.kept.set(decoder, { speaker: this.speakers.get(decoder) ?? '', sinceMs: now() });
    this.trim();
    // It may be over the bound but still decoding: trimmed once it is done.
    void ended.finally(() => this.trim()).catch(() => undefined);
  }

  /**
   * Stops free decoders kept beyond `maxKept` (least recently used first) or for longer than
   * `keepForSpeakerMs`. Only idle ones: one still decoding a finishing utterance is left to it.
   */
  private trim(): void {
    let excess = this.kept.size - this.maxKept;
    const expired = now() - this.keepMs;
    for (const [decoder, k] of this.kept) {
      if (excess <= 0 && k.sinceMs > expired) break;
      if (!decoder.idle) continue;
      this.kept.delete(decoder);
      decoder.kill();
      excess--;
    }
  }
}

const now = () => performance.now();

/**
 * Silence after which the decoder's voice activity detector ends a speech segment:
 * `-vad_postspeech` silent frames (default 50, at `-frate` frames per second, default 100).
 */
export function segmentGapMs(args: readonly string[]): number {
  return (flag(args, '-vad_postspeech', 50) * 1000) / flag(args, '-frate', 100);
}

/**
 * Silence that surely ends a speech segment in the decoder: {@link segmentGapMs}, and measured,
 * it needs a few frames more, so 30 are added.
 */
export function delimiterMs(args: readonly string[]): number {
  return segmentGapMs(args) + (30 * 1000) / flag(args, '-frate', 100);
}

/** The value of decoder flag `name` in `args`, a positive number, else `fallback`. */
function flag(args: readonly string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  const value = i >= 0 && i % 2 === 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
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

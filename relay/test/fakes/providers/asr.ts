import type { ProviderInfo } from '@parley/shared';
import type { HeardAudio } from '../../../src/audio/heard-audio.ts';
import type {
  AsrCapabilities,
  AsrProvider,
  AsrResult,
  AsrStartOptions,
  AsrStream,
} from '../../../src/providers/stages/asr.ts';

/** The capabilities of a fake that cuts: a cut always ready. */
const cutOnly: Partial<AsrCapabilities> = { cut: { ready: () => true } };
/** The capabilities of a fake that cuts, where another recogniser writes (see FakeAsr.written). */
const cutWritten: Partial<AsrCapabilities> = { cut: { ready: () => true, writes: true } };

export interface FakeAsrOptions {
  /** What every utterance is recognised as. */
  transcript: string;
  /** `finish()` → final transcript (ms); 0 answers on the next microtask. */
  finalDelayMs: number;
  /** Told of every frame the relay hands over, as it is handed over. */
  onWrite?: (samples: Int16Array) => void;
  /**
   * Whether it keeps each stream's view of its audio in {@link FakeAsr.views} (default yes, for
   * tests to read): a benchmark of thousands of turns says no, or the views (and the audio they
   * hold) would count as the relay's memory.
   */
  records?: boolean;
}

/**
 * A recogniser that hears nothing and always understood `transcript`, after a fixed delay. A
 * test may change `transcript` as the conversation goes on: each `finish()` reports the one set
 * when it is called (a speculation's recogniser at a pause hears less than the final one).
 */
export class FakeAsr implements AsrProvider {
  readonly info: ProviderInfo = { id: 'fake-asr', label: 'Fake ASR (in-process fake)' };
  /** Utterances started (counter for the bench). */
  utterances = 0;
  transcript: string;
  /** When set, each frame written is answered with it as an interim hypothesis. */
  hypothesis: string | null = null;
  /**
   * Whether its streams can say their text so far (`snapshot`, as the embedded recogniser's
   * closed segments): `transcript` as set when asked, after the same delay as a final one.
   */
  snapshots = false;
  /** Whether its snapshots are settled (the embedded recogniser's closed segments are). */
  settledSnapshots = true;
  /** Whether its snapshots close the words where the audio ends (the embedded one's cut). */
  cutSnapshots = false;
  /**
   * Whether another recogniser writes the words of its cuts (as Moonshine does beside the
   * embedded listener): the cut says so, and {@link written} tells its words.
   */
  cutsWritten = false;
  /** Final transcripts delivered so far. */
  finals = 0;
  /** The view of its utterance's audio each stream was started with (its owner's), in order. */
  readonly views: (HeardAudio | undefined)[] = [];
  /** Streams whose final waits for {@link releaseFinals}. */
  private readonly held = new Set<number>();
  private release: (() => void) | null = null;
  private gate: Promise<void> = Promise.resolve();
  private onClosed: ((text: string) => void) | null = null;
  private onWritten: ((text: string) => void) | null = null;
  /** While set, snapshots wait for it (see {@link holdSnapshots}). */
  private snapshotGate: { promise: Promise<void>; release: () => void } | null = null;

  constructor(private readonly options: FakeAsrOptions) {
    this.transcript = options.transcript;
  }

  /**
   * The finals of the streams open now wait until {@link releaseFinals} (their snapshots do not):
   * what the relay does before the final transcript comes.
   */
  holdFinals(): void {
    for (let id = 1; id <= this.utterances; id++) this.held.add(id);
    this.gate = new Promise((resolve) => (this.release = resolve));
  }

  /** The writer of the latest stream's cuts has read the latest one as `text`. */
  written(text: string): void {
    this.onWritten?.(text);
  }

  /** The latest stream's recogniser closes a segment: its words so far are `text`. */
  closeSegment(text: string): void {
    this.onClosed?.(text);
  }

  releaseFinals(): void {
    this.held.clear();
    this.release?.();
  }

  /**
   * Snapshots asked from now on wait until {@link releaseSnapshots} (the recogniser's final pass
   * over the audio up to a pause takes its time), reading `transcript` as set then.
   */
  holdSnapshots(): void {
    let release: () => void = () => undefined;
    const promise = new Promise<void>((resolve) => (release = resolve));
    this.snapshotGate = { promise, release };
  }

  releaseSnapshots(): void {
    this.snapshotGate?.release();
    this.snapshotGate = null;
  }

  start(options: AsrStartOptions): AsrStream {
    const id = ++this.utterances;
    if (this.options.records !== false) this.views.push(options.heard);
    this.onClosed = (text) => options.onPartial?.(text, true);
    this.onWritten = (text) => options.onWritten?.(text);
    const { finalDelayMs, onWrite } = this.options;
    let samples = 0;
    const heard = () => {
      const text = this.transcript;
      return delayed(finalDelayMs, options.signal).then((): AsrResult => ({
        text,
        audioMs: (samples * 1000) / options.sampleRateHz,
      }));
    };
    const finish = async () => {
      const result = await heard();
      if (this.held.has(id)) await this.gate;
      options.signal.throwIfAborted();
      this.finals++;
      return result;
    };
    const snapshot = async () => {
      await this.snapshotGate?.promise;
      return { ...(await heard()), settled: this.settledSnapshots };
    };
    return {
      write: (pcm) => {
        samples += pcm.length;
        onWrite?.(pcm);
        if (this.hypothesis !== null) options.onPartial?.(this.hypothesis, false);
      },
      finish,
      ...(this.snapshots ? { snapshot } : {}),
      ...(this.snapshots && this.cutSnapshots
        ? {
            capability: <K extends keyof AsrCapabilities>(name: K) =>
              (this.cutsWritten ? cutWritten : cutOnly)[name] ?? null,
          }
        : {}),
      abort: () => undefined,
    };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Rejects with the signal's reason when it aborts: a stream that hangs until it is stopped. */
export function untilAborted(signal: AbortSignal): Promise<never> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((_, reject) =>
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
  );
}

/** Resolves after `ms` (at once for 0); rejects with the signal's reason if it aborts first. */
export function delayed(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

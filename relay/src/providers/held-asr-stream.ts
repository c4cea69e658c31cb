import type { ProviderInfo } from '@parley/shared';
import type { AsrResult, AsrStream } from './stages/asr.ts';

/** The members of `T` it may lack. */
type OptionalKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? K : never }[keyof T];

/**
 * The optional members of {@link AsrStream} a {@link HeldAsrStream} forwards, each when the
 * stream has it: a member added to the interface does not compile here until it is listed (and
 * forwarded, which its test checks for every one listed): a wrapper that dropped `serving` would
 * bill an abandoned utterance to the primary (docs/decisions.md#one-decorator-holds-what-a-recogniser-took).
 */
export const FORWARDED_OPTIONAL = {
  serving: true,
  snapshot: true,
  capability: true,
} as const satisfies Record<OptionalKeys<AsrStream>, true>;

/**
 * A recogniser's stream holding what its start took — the provider set's lease, the recognition
 * slot — until the recognition is over: its `finish` settled, or it was aborted (itself, or by
 * `signal`, which aborts the stream). Then every hold is released, together and once. Every
 * member of {@link AsrStream} is forwarded: the stream is the same recogniser, held.
 *
 * Applied once where a recogniser starts, with all its holds (see `SessionRecognitions`).
 */
export class HeldAsrStream implements AsrStream {
  // Declared, not defined: a member the stream lacks is absent here too, not undefined.
  declare readonly serving?: () => ProviderInfo | null;
  declare readonly snapshot?: () => Promise<AsrResult>;
  declare readonly capability?: NonNullable<AsrStream['capability']>;
  private held = true;
  private readonly over = () => this.releaseAll();

  constructor(
    private readonly stream: AsrStream,
    private readonly signal: AbortSignal,
    private readonly holds: readonly (() => void)[],
  ) {
    if (stream.serving) this.serving = stream.serving.bind(stream);
    if (stream.snapshot) this.snapshot = stream.snapshot.bind(stream);
    if (stream.capability) this.capability = stream.capability.bind(stream);
    signal.addEventListener('abort', this.over, { once: true });
    if (signal.aborted) this.releaseAll();
  }

  write(samples: Int16Array): void {
    this.stream.write(samples);
  }

  finish(): Promise<AsrResult> {
    const result = this.stream.finish();
    result.then(this.over, this.over);
    return result;
  }

  abort(): void {
    this.stream.abort();
    this.releaseAll();
  }

  private releaseAll(): void {
    if (!this.held) return;
    this.held = false;
    this.signal.removeEventListener('abort', this.over);
    for (const release of this.holds) release();
  }
}

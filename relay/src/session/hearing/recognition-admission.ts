import { CHUNK_MS, SAMPLE_RATE_HZ, type ServerMessage } from '@parley/shared';
import type { HeardAudio } from '../../audio/heard-audio.ts';
import type { Admission } from '../../limits/recognition-limits.ts';
import type { RelayError } from '../../errors.ts';
import { HeldAsrStream } from '../../providers/held-asr-stream.ts';
import type { AsrProvider, AsrStartOptions, AsrStream } from '../../providers/stages/asr.ts';

/** What a session asks before it starts a recogniser (see `RecognitionLimits`). */
export interface RecognitionAdmission {
  /** A new utterance of `userId`. */
  admitUtterance(userId: string, turnId: number): Admission;
  /** A second recogniser for an utterance already admitted (speculation at a pause). */
  admitExtra(userId: string, turnId: number): Admission;
  /** `ms` of audio of `userId`'s utterance `turnId` for its recogniser: null, or why not. */
  takeAudio(userId: string, ms: number, turnId: number): RelayError | null;
}

/** The `turn.done` of an utterance the limits refused or cut short: failed, nothing said. */
type RefusedTurnDone = Extract<ServerMessage, { type: 'turn.done' }>;

/**
 * One session's recognisers under the recognition limits: each starts only if admitted (the
 * user's own decoder state, `speaker`, is theirs), holds its slot until it is over, and takes
 * its audio from the user's budget. An utterance refused at its start, or cut short, is
 * remembered: its frames are dropped quietly (no protocol error), and its end or cancel is
 * answered as the client expects.
 */
export class SessionRecognitions {
  /** The last utterance refused or cut short. */
  private refused: RefusedUtterance | null = null;

  /** @param language the language the user speaks now (their preference), for each recogniser */
  constructor(
    private readonly admission: RecognitionAdmission,
    /** The recogniser each recognition starts on (the provider set current then, pinned). */
    private readonly pin: () => PinnedRecognizer,
    private readonly userId: string,
    private readonly language: () => string | undefined = () => undefined,
  ) {}

  /** The recogniser of utterance `turnId` (frames from `firstSeq`), or why it is refused. */
  start(
    turnId: number,
    firstSeq: number,
    options: Pick<
      AsrStartOptions,
      'signal' | 'onPartial' | 'onSpotted' | 'onCovered' | 'onWritten' | 'heard'
    >,
  ): { ok: true; stream: AsrStream } | { ok: false; error: RelayError } {
    const admitted = this.admission.admitUtterance(this.userId, turnId);
    const admitAnother = () => {
      const extra = this.admission.admitExtra(this.userId, turnId);
      return extra.ok ? extra.release : null;
    };
    const started = startAdmitted(admitted, this.pin, {
      ...options,
      ...this.who(),
      admitAnother,
    });
    this.refused = started.ok ? null : new RefusedUtterance(turnId, firstSeq);
    return started;
  }

  /**
   * A second recogniser for `turnId` (speculation) of the audio `heard` (the utterance's own, up
   * to its pause), aborted by `signal`; null if refused.
   */
  startExtra(turnId: number, signal: AbortSignal, heard?: HeardAudio): AsrStream | null {
    const admitted = this.admission.admitExtra(this.userId, turnId);
    const started = startAdmitted(admitted, this.pin, {
      signal,
      ...this.who(),
      ...(heard ? { heard } : {}),
    });
    return started.ok ? started.stream : null;
  }

  /** Who speaks, and in which language. */
  private who(): Pick<AsrStartOptions, 'speaker' | 'language'> {
    const language = this.language();
    return { speaker: this.userId, ...(language === undefined ? {} : { language }) };
  }

  /**
   * A frame (`seq`) of the live utterance `turnId` for its recogniser: null, or the refusal —
   * then the caller abandons the utterance, which from this frame on counts as refused.
   */
  takeFrame(turnId: number, seq: number): RelayError | null {
    const refusal = this.admission.takeAudio(this.userId, CHUNK_MS, turnId);
    if (refusal) {
      this.refused = new RefusedUtterance(turnId, seq);
      this.refused.drops(turnId, seq);
    }
    return refusal;
  }

  /** Whether a frame belongs to a refused utterance (it is dropped). */
  drops(turnId: number, seq: number): boolean {
    return this.refused?.drops(turnId, seq) ?? false;
  }

  /**
   * `utterance.end` of `turnId` with its `lastSeq`, if it is the refused one: its `turn.done`
   * (given the turn-output seq) and the seq to acknowledge. Null otherwise.
   */
  endRefused(
    turnId: number,
    lastSeq: number,
  ): { done: (seq: number) => RefusedTurnDone; ackSeq: number } | null {
    const refused = this.refused;
    if (refused?.turnId !== turnId) return null;
    this.refused = null;
    return { done: (seq) => refused.done(seq), ackSeq: refused.lastSeqUpTo(lastSeq) };
  }

  /** `utterance.cancel` of `turnId`: the seq to acknowledge if it is the refused one, else -1. */
  cancelRefused(turnId: number): number {
    const refused = this.refused;
    if (refused?.turnId !== turnId) return -1;
    this.refused = null;
    return refused.lastSeqUpTo();
  }
}

/**
 * An utterance the limits refused or cut short (the client was told why, with its turn id):
 * its audio is dropped, and its end gets a failed `turn.done`, as a client waiting for one
 * expects. Its audio is acknowledged then, so the client does not keep it for a resend.
 */
export class RefusedUtterance {
  private lastSeq: number;

  constructor(
    readonly turnId: number,
    firstSeq: number,
  ) {
    this.lastSeq = firstSeq - 1;
  }

  /** Whether a frame of `turnId` (with `seq`) is this utterance's: then it is dropped. */
  drops(turnId: number, seq: number): boolean {
    if (turnId !== this.turnId) return false;
    this.lastSeq = Math.max(this.lastSeq, seq);
    return true;
  }

  /** The last seq of its audio (for the acknowledgement at its end or cancel). */
  lastSeqUpTo(endSeq = -1): number {
    return Math.max(this.lastSeq, endSeq);
  }

  /** Its `turn.done`, with the turn-output `seq`: failed, nothing heard or said. */
  done(seq: number): RefusedTurnDone {
    return {
      type: 'turn.done',
      seq,
      turnId: this.turnId,
      status: 'failed',
      reply: '',
      audioSamples: 0,
      timings: {},
    };
  }
}

/**
 * The recogniser a recognition starts on, pinned: its provider set stays open (an admin may
 * replace the chains meanwhile) until `release`.
 */
export interface PinnedRecognizer {
  asr: AsrProvider;
  release(): void;
}

/**
 * Starts a recogniser of the microphone's audio (16 kHz) on the pinned recogniser if the limits
 * admitted it, holding its slot and the pin until the recognition is over (released together,
 * by the one decorator); the refusal otherwise.
 */
export function startAdmitted(
  admitted: Admission,
  pin: () => PinnedRecognizer,
  options: Omit<AsrStartOptions, 'sampleRateHz'>,
): { ok: true; stream: AsrStream } | { ok: false; error: RelayError } {
  if (!admitted.ok) return admitted;
  const pinned = pin();
  const holds = [admitted.release, () => pinned.release()];
  try {
    const stream = pinned.asr.start({ ...options, sampleRateHz: SAMPLE_RATE_HZ });
    return { ok: true, stream: new HeldAsrStream(stream, options.signal, holds) };
  } catch (err) {
    for (const release of holds) release();
    throw err;
  }
}

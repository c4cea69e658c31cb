import { CHUNK_SAMPLES, SAMPLE_RATE_HZ, wordsOf } from '@parley/shared';
import type { HeardAudio } from '../../audio/heard-audio.ts';
import { pieces } from '../../audio/kept-samples.ts';
import { HeldOutput } from '../../pipeline/held-output.ts';
import { runTurn, type TurnOptions, type TurnResult } from '../../pipeline/turn.ts';
import type { AsrResult, AsrStream } from '../../providers/stages/asr.ts';
import { speculativeProviders } from '../tools/toolbox-llm.ts';

/** An answer started at a pause, held back until the user really stops. */
export interface Speculation {
  /** The last chunk the speculative answer heard. */
  snapshotSeq: number;
  abort: AbortController;
  held: HeldOutput;
  /** What the speculative recognition heard (resolves before the answer is done). */
  recognized: Promise<string>;
  /**
   * Resolves with the recogniser's final reading of the audio up to the pause, once there is one
   * (a settled snapshot, or a second recogniser's final): if the user says no more, the turn is
   * answered on it at the end of the utterance without waiting for the final transcript — by
   * this answer when it heard the same words. Never resolves while the words may still change.
   */
  settled: Promise<string>;
  /** The recogniser's settled reading of the pause is `words` (see {@link settled}). */
  settle(words: string): void;
  /**
   * The words it answers are the recogniser's reading of the pause (an answer started on the
   * running hypothesis: until then, or until it is released, nothing of it is synthesised).
   */
  confirm(): void;
  done: Promise<TurnResult>;
}

export interface SpeculationInput {
  /** The recogniser fed the utterance live: asked for its text so far when it can say. */
  main: AsrStream;
  /**
   * The utterance's audio up to the pause (its owner's, a view), for a second recogniser when the
   * main one cannot say.
   */
  audio: HeardAudio;
  /**
   * Starts that second recogniser of `heard`, aborted by `signal`; null when the recognition
   * limits refuse it (then there is no speculation).
   */
  startRecognizer: (signal: AbortSignal, heard: HeardAudio) => AsrStream | null;
  snapshotSeq: number;
  /** Everything a turn run needs besides its recognition, output and signal. */
  turn: Omit<TurnOptions, 'asr' | 'audioMs' | 'output' | 'signal' | 'speculative'>;
  /** Usage seq of this speculation (distinct per speculation of a turn). */
  usageSeq: number;
  /**
   * Words already heard up to the pause (the recogniser's hypothesis, or its closed segment):
   * answered at once, with no recognition of the speculation's own.
   */
  heard?: string;
  /** `heard` is the recogniser's settled reading (a closed segment): settled from the start. */
  heardSettled?: boolean;
  /**
   * `heard` is the running hypothesis, which the recogniser's reading of the pause may still
   * change: the answer is written at once (its LLM request starts now) but says nothing until
   * {@link Speculation.confirm} or its release.
   */
  heardMayChange?: boolean;
}

/**
 * Starts a speculative answer: the text so far (the words given, the main recogniser's snapshot,
 * or a second recogniser fed the audio so far), then the LLM and TTS as for a real turn, with
 * every output held back. Metered as speculative work under its own usage seq. Null when a
 * second recogniser was needed and could not start.
 */
export function startSpeculation(input: SpeculationInput): Speculation | null {
  const abort = new AbortController();
  const held = new HeldOutput();
  const snapshot = input.main.snapshot?.bind(input.main);
  let audioMs = 0;
  let source: () => Promise<AsrResult>;
  let extraAbort: () => void = () => undefined;
  // Who the second recogniser's audio goes to: what a dropped speculation is billed to.
  let serving: AsrStream['serving'];
  /** The second recogniser, when the main one cannot say its text so far. */
  let fork: AsrStream | null = null;
  const { heard } = input;
  if (heard !== undefined) {
    source = () => Promise.resolve({ text: heard, audioMs: 0 });
  } else if (snapshot) {
    source = snapshot;
  } else {
    const second = input.startRecognizer(abort.signal, input.audio);
    if (!second) return null;
    fork = second;
    // Written once, as a copy the recogniser may hold on to; read back (a replay) from the view.
    const audio = input.audio.copy();
    for (const chunk of pieces(audio, CHUNK_SAMPLES)) second.write(chunk);
    audioMs = (audio.length * 1000) / SAMPLE_RATE_HZ;
    source = () => second.finish();
    extraAbort = () => second.abort();
    serving = second.serving?.bind(second);
  }
  let resolveRecognized: (text: string) => void = () => undefined;
  const recognized = new Promise<string>((resolve) => (resolveRecognized = resolve));
  let settle: (words: string) => void = () => undefined;
  const settled = new Promise<string>((resolve) => (settle = resolve));
  if (heard !== undefined && input.heardSettled) settle(heard);
  let confirm: () => void = () => undefined;
  const confirmed = new Promise<void>((resolve) => (confirm = resolve));
  // A second recogniser's final is its reading of all the audio up to the pause.
  const settles = (r: AsrResult) => r.settled === true || fork !== null;
  const asr: AsrStream = {
    write: () => undefined,
    abort: extraAbort,
    ...(serving ? { serving } : {}),
    finish: async () => {
      try {
        const r = await source();
        resolveRecognized(r.text.trim());
        if (heard === undefined && settles(r)) settle(r.text.trim());
        return r;
      } catch (err) {
        resolveRecognized('');
        throw err;
      }
    },
  };
  const done = runTurn({
    ...input.turn,
    // A tool that changes anything waits until the answer is promoted (the user's final words).
    providers: speculativeProviders(input.turn.providers, held.released),
    asr,
    audioMs,
    output: held,
    signal: abort.signal,
    speculative: {
      usageSeq: input.usageSeq,
      released: held.released,
      ...(input.heardMayChange ? { voiced: Promise.race([confirmed, held.released]) } : {}),
    },
  });
  // A dropped speculation's result is of no interest beyond its metering.
  done.catch(() => resolveRecognized(''));
  return {
    snapshotSeq: input.snapshotSeq,
    abort,
    held,
    recognized,
    settled,
    settle,
    confirm,
    done,
  };
}

/**
 * Whether two transcripts say the same words (case, spacing and punctuation aside: one
 * recogniser writes "What time is it?" for another's "what time is it").
 */
export function sameWords(a: string, b: string): boolean {
  const norm = (s: string) => wordsOf(s).join(' ');
  return norm(a) === norm(b) && norm(a) !== '';
}

/**
 * Whether two transcripts end on the same word (case and punctuation aside): a second reading of
 * the whole audio that ends where the first does says the first did not lack its last word,
 * whatever it made of the words before ("road hamlet", "Who wrote Hamlet?").
 */
export function sameLastWord(a: string, b: string): boolean {
  const last = wordsOf(a).at(-1);
  return last !== undefined && last === wordsOf(b).at(-1);
}

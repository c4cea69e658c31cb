/**
 * What the fake Deepgram "hears" when it is given a script: the audio a speaker says and each
 * word's times in it (issue 62: speech made by eSpeak NG, recognised as a streaming recogniser
 * would, in any language). A connection's audio is found in the script's by its samples (the
 * relay forwards the client's PCM16 as it came), so each utterance — and each part of one split
 * at a pause — hears the script's words where its audio has them.
 */

/** A word of the script where it is said (ms from the start of the script's audio). */
export interface ScriptWord {
  word: string;
  startMs: number;
  endMs: number;
}

/** What the speaker says: 16 kHz PCM16 mono, and its words. */
export interface SpeechScript {
  samples: Int16Array;
  words: readonly ScriptWord[];
}

/** A word as the fake sends it: seconds from the start of the connection's audio. */
export interface HeardWord {
  word: string;
  start: number;
  end: number;
}

/** Samples compared to find a connection's audio in the script's (10 ms at 16 kHz). */
const MATCH_SAMPLES = 160;
const RATE_HZ = 16_000;

/**
 * One connection's listener: the audio it received so far, where that audio starts in the
 * script's (found by its first non-silent samples), and the words it holds.
 */
export class ScriptListener {
  private readonly received: number[] = [];
  /** Where the connection's first sample is in the script's (samples); null: not found yet. */
  private offset: number | null = null;
  private unmatched = false;

  constructor(private readonly script: SpeechScript) {}

  /** Audio the connection received (PCM16 samples). */
  push(samples: Int16Array): void {
    for (const s of samples) this.received.push(s);
    if (this.offset === null && !this.unmatched) this.align();
  }

  /** Received audio (ms). */
  get audioMs(): number {
    return (this.received.length * 1000) / RATE_HZ;
  }

  /** The audio was found in the script's (false also while only silence came). */
  get aligned(): boolean {
    return this.offset !== null;
  }

  /**
   * The script's words whose audio the connection has received whole (all of it, with
   * `partly`: also a word cut off by the end of the audio), in the connection's time.
   */
  words(partly = false): HeardWord[] {
    if (this.offset === null) return [];
    const fromMs = (this.offset * 1000) / RATE_HZ;
    const toMs = fromMs + this.audioMs;
    return this.script.words
      .filter((w) => w.endMs > fromMs && (partly ? w.startMs < toMs : w.endMs <= toMs))
      .map((w) => ({
        word: w.word,
        start: Math.max(0, w.startMs - fromMs) / 1000,
        end: (w.endMs - fromMs) / 1000,
      }));
  }

  private align(): void {
    const first = this.received.findIndex((s) => s !== 0);
    if (first < 0 || this.received.length < first + MATCH_SAMPLES) return;
    const window = this.received.slice(first, first + MATCH_SAMPLES);
    const script = this.script.samples;
    for (let at = 0; at + MATCH_SAMPLES <= script.length; at++) {
      let k = 0;
      while (k < MATCH_SAMPLES && script[at + k] === window[k]) k++;
      if (k === MATCH_SAMPLES) {
        this.offset = at - first;
        return;
      }
    }
    // Not the script's audio (another sound): it hears no words.
    this.unmatched = true;
  }
}

/** How a `Results` message is marked (Deepgram's `is_final`, `speech_final`, `from_finalize`). */
export interface ResultMarks {
  isFinal: boolean;
  fromFinalize: boolean;
  /** An endpoint was found (Deepgram's endpointing): the words up to it are final. */
  speechFinal?: boolean;
}

/**
 * Builds a `Results` message of timed words (the fake's, in its shape): its audio from `start`
 * to `end` (s; default: all the audio received), as Deepgram's `start` and `duration` say which
 * audio a result transcribes.
 */
export type ResultsOf = (
  timed: readonly HeardWord[],
  start: number,
  final: ResultMarks,
  end?: number,
) => object;

/**
 * A connection hearing a script, as Deepgram's live API answers (interim results, endpointing):
 *
 * - each word an interim result `delayMs` after the audio holding its end came, the words since
 *   the last final in it; its `start` and `duration` say the audio it was made from (up to where
 *   the audio had come when the word was heard), not the audio received by the time it is sent;
 * - `endpointingMs` (Deepgram's `endpointing`, default 10; null: `endpointing=false`): once the
 *   audio holds that much silence after the last word heard, a final result with `speech_final`
 *   after the same delay;
 * - a flush (after the same delay) finalizes what the audio holds.
 */
export function heardScript(script: SpeechScript, delayMs: number, endpointingMs: number | null) {
  const listener = new ScriptListener(script);
  const timers = new Set<NodeJS.Timeout>();
  let scheduled = 0;
  let finalized = 0;
  /** Where the last final result's audio ended (s): the next result's `start`. */
  let finalEnd = 0;
  /** Words heard when the last endpoint was found (no second one without new words). */
  let endpointed = 0;
  let closed = false;
  const later = (run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!closed) run();
    }, delayMs);
    timers.add(timer);
  };
  const since = (words: readonly HeardWord[], upTo: number) => words.slice(finalized, upTo);
  return {
    audio(audio: Buffer, send: (m: object) => boolean, resultsOf: ResultsOf): void {
      listener.push(
        new Int16Array(audio.buffer.slice(audio.byteOffset, audio.byteOffset + audio.length)),
      );
      const heard = listener.words();
      const end = listener.audioMs / 1000;
      if (heard.length > scheduled) {
        const upTo = (scheduled = heard.length);
        later(() => {
          const span = since(heard, upTo);
          if (span.length > 0)
            send(resultsOf(span, finalEnd, { isFinal: false, fromFinalize: false }, end));
        });
      }
      const last = heard.at(-1);
      const speaking = listener.words(true).length > heard.length;
      if (
        endpointingMs === null ||
        last === undefined ||
        speaking ||
        heard.length <= endpointed ||
        end < last.end + endpointingMs / 1000
      )
        return;
      const upTo = (endpointed = heard.length);
      later(() => {
        const span = since(heard, upTo);
        if (span.length === 0) return;
        finalized = Math.max(finalized, upTo);
        send(
          resultsOf(span, finalEnd, { isFinal: true, fromFinalize: false, speechFinal: true }, end),
        );
        finalEnd = end;
      });
    },
    flush(fromFinalize: boolean, send: (m: object) => boolean, resultsOf: ResultsOf): void {
      const heard = listener.words(true);
      const end = listener.audioMs / 1000;
      const final = () => {
        const span = since(heard, heard.length);
        if (span.length === 0 && !fromFinalize) return;
        finalized = scheduled = Math.max(scheduled, heard.length);
        send(resultsOf(span, finalEnd, { isFinal: true, fromFinalize }, end));
        finalEnd = end;
      };
      // CloseStream's flush goes out at once: Metadata follows it.
      if (fromFinalize) later(final);
      else final();
    },
    close(): void {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}

import type { AudioPlacement } from './audio-placement.ts';

/**
 * An utterance's view of a decoder process: what it hears of the decoder's output, the handle its
 * stream writes through, and what each line the decoder prints means.
 */

/**
 * A line the decoder prints for a segment still being spoken (its hypothesis so far): only
 * `parley-sphinx` prints them (see relay/native/parley-sphinx.c); a final segment's line has no
 * prefix. Words never start with it.
 */
const PARTIAL_PREFIX = '~ ';

/**
 * What `parley-sphinx` prints once it has read an end mark: every line of the utterance before
 * it has been printed. Words never start with "=".
 */
const END_LINE = '= end';

/**
 * What `parley-sphinx -spot` prints when its keyword spotter hears a phrase of its list in the
 * audio it has just read: "! hold on". Words never start with "!".
 */
const SPOTTED_PREFIX = '! ';

/**
 * What `parley-sphinx -alternatives <n>` prints before the final text of a segment (closed by a
 * cut or by its own end of speech): another reading of it and how far its score is behind ("? 173 it is twenty"). Words never
 * start with "?".
 */
const ALTERNATIVE_PREFIX = '? ';

/**
 * What `parley-sphinx` prints after each partial hypothesis and final text, and every 2,048
 * samples it reads otherwise: how many samples of input it had read ("@ 40960"), so how much
 * audio every line before it accounts for. Words never start with "@".
 */
const PROGRESS_LINE = /^@ (\d+)$/;

/**
 * A line of the decoder's output: the end of an utterance, words of a segment, a spotting,
 * another reading of the segment just ended, or how much input the lines so far account for.
 */
export type DecoderLine =
  | { kind: 'end' }
  | { kind: 'progress'; samples: number }
  | { kind: 'partial'; text: string }
  | { kind: 'segment'; text: string }
  | { kind: 'spotted'; text: string }
  | { kind: 'alternative'; text: string; gap: number };

/** What `line` says (its words trimmed; '' for a line of none). */
export function readLine(line: string): DecoderLine {
  if (line === END_LINE) return { kind: 'end' };
  const progress = PROGRESS_LINE.exec(line)?.[1];
  if (progress !== undefined) return { kind: 'progress', samples: Number.parseInt(progress, 10) };
  if (line.startsWith(SPOTTED_PREFIX))
    return { kind: 'spotted', text: line.slice(SPOTTED_PREFIX.length).trim() };
  if (line.startsWith(ALTERNATIVE_PREFIX)) {
    const [, gap = '', text = ''] = /^\? (-?\d+) (.*)$/.exec(line) ?? [];
    return { kind: 'alternative', text: text.trim(), gap: Number.parseInt(gap, 10) || 0 };
  }
  if (line.startsWith(PARTIAL_PREFIX))
    return { kind: 'partial', text: line.slice(PARTIAL_PREFIX.length).trim() };
  return { kind: 'segment', text: line.trim() };
}

/** What an utterance hears of the decoder's output, as it prints it. */
export interface DecoderListener {
  /** A speech segment ended with this text. */
  segment?: (text: string) => void;
  /** The hypothesis so far of the segment being spoken (decoders that print them). */
  partial?: (text: string) => void;
  /** A keyphrase its spotter heard in the audio just read (`parley-sphinx -spot`). */
  spotted?: (phrase: string) => void;
  /** Another reading of the segment being closed (its text follows), `gap` behind it. */
  alternative?: (text: string, gap: number) => void;
  /** A {@link DecoderUtterance.cut} is done: every segment before it has been told. */
  cut?: () => void;
  /**
   * What was told so far is the decoder's reading of the utterance's first `bytes` of audio
   * (`parley-sphinx`'s "@" lines): told as it reads on, each time further.
   */
  covered?: (bytes: number) => void;
}

/** One utterance's share of the decoder's output, as the process keeps it. */
export interface OpenUtterance {
  /** Segments printed for it so far. */
  segments: string[];
  listener: DecoderListener | undefined;
  /** Bytes of audio written (or queued) for it. */
  bytes: number;
  /** Where its audio went in the decoder's input. */
  placement: AudioPlacement;
  /** Set once it has ended: settles with its segments once all are printed. */
  settle: { resolve: (segments: string[]) => void; reject: (error: Error) => void } | null;
  timer: NodeJS.Timeout | null;
}

/** One utterance on a decoder process (decoder-process.ts), as its stream sees it. */
export interface DecoderUtterance {
  /** Queues raw PCM16 (little-endian). Never blocks; ignored once ended. */
  write(bytes: Uint8Array): void;
  /**
   * No more audio: resolves with the utterance's segments once the decoder has printed all of
   * them. Rejects, and kills the process, if the decoder prints nothing for `timeoutMs` before
   * that (it is stuck; a slow one prints as it reads on), or dies first.
   */
  end(timeoutMs: number): Promise<string[]>;
  /** Stops telling its output (an abandoned utterance is decoded to its end all the same). */
  mute(): void;
  /**
   * Closes the speech segment going on where the audio written so far ends (its final text is
   * told as a segment), the utterance going on; the listener's `cut` follows. False when the
   * decoder cannot (no end mark), or the utterance has ended.
   */
  cut(): boolean;
}

import type { TurnAudio, TurnErrorNote } from '../../observability/turn-observer.ts';
import type { TurnResult } from '../../pipeline/turn.ts';
import type { TurnClock } from './turn-output.ts';

/** How a turn ended, besides its result: for its record, its acknowledgement and observers. */
export interface TurnEnd {
  turnId: number;
  /** Highest microphone seq the turn covers (acknowledged once it is stored). */
  lastSeq: number;
  traceId: string | undefined;
  /** The utterance's audio (bounded copies); null for typed turns. */
  audio: TurnAudio | null;
  /** What the turn reported to the client. */
  errors: readonly TurnErrorNote[];
}

/** When a turn's end came, on the relay's clock, and how long the client waited for it. */
export interface TurnEndClock {
  /** utterance.end (or the typed message) received (epoch ms). */
  endAt: number;
  /** The final transcript, when the session had to wait for it (epoch ms; 0: it did not). */
  asrAt: number;
  /** The client's end of speech → its utterance.end sent, on its clock (ms; spoken turns). */
  endOfTurnMs?: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * A turn's result timed from the end of its utterance (or the typed message's arrival,
 * `clock.endAt`) rather than from when its run started: the final transcript when the session
 * had to wait for it (`clock.asrAt`, a speculation's check), the first reply audio as the
 * client's connection saw it go (`noted`), and, for a spoken turn, when the answer's LLM request
 * started after the user's end of speech (before it: negative, an answer asked for at a pause).
 */
export function timedFromEnd(
  r: TurnResult,
  clock: TurnEndClock,
  noted: TurnClock | undefined,
): TurnResult {
  const firstAudioAt = noted?.firstAudioAt;
  const timings = { ...r.timings };
  if (clock.asrAt > 0) timings.asrFinalMs = round1(clock.asrAt - clock.endAt);
  const requestAt = r.marks.llmRequestAtMs;
  if (requestAt !== undefined && clock.endOfTurnMs !== undefined)
    timings.llmRequestAfterSpeechMs = round1(requestAt - clock.endAt + clock.endOfTurnMs);
  if (firstAudioAt !== undefined) timings.relayFirstAudioMs = round1(firstAudioAt - clock.endAt);
  const marks = {
    ...r.marks,
    endReceivedAtMs: clock.endAt,
    ...(clock.asrAt > 0 ? { asrFinalAtMs: clock.asrAt } : {}),
    ...(firstAudioAt === undefined ? {} : { firstAudioSentAtMs: firstAudioAt }),
  };
  return { ...r, timings, marks };
}

import type { TurnTrace } from '../../state/types.ts';

/** When a turn's answer was asked for, against the user's end of speech and the turn's end. */
export interface AnswerStart {
  /** End of speech → the answer's LLM request (ms; negative: before the user had finished). */
  afterSpeechMs: number;
  /** The end of the turn (utterance.end sent) → the request (ms; negative: before it). */
  afterTurnEndMs: number | null;
}

/**
 * A turn's answer start from its timings (the relay's figure from the end of speech) and the
 * client's own wait for the end of the turn; null when the relay gave none (a typed turn, or no
 * request was made).
 */
export function answerStart(trace: TurnTrace): AnswerStart | null {
  const afterSpeechMs = trace.relayTimings?.llmRequestAfterSpeechMs;
  if (afterSpeechMs === undefined) return null;
  const { speechEndAtMs, endSentAtMs } = trace.client;
  const waitedMs =
    speechEndAtMs === undefined || endSentAtMs === undefined ? null : endSentAtMs - speechEndAtMs;
  return { afterSpeechMs, afterTurnEndMs: waitedMs === null ? null : afterSpeechMs - waitedMs };
}

const relative = (ms: number, what: string) => {
  const rounded = Math.round(ms);
  if (rounded === 0) return `as ${what}`;
  return `${Math.abs(rounded)} ms ${rounded < 0 ? 'before' : 'after'} ${what}`;
};

/**
 * One line of the latency panel saying how much of the wait for the end of the turn the answer's
 * request overlapped: "answer requested 110 ms after speech ended, 170 ms before the turn
 * ended" (asked for at a pause, on the words heard so far), or "… 40 ms after the turn ended"
 * (asked for once the turn was over).
 */
export function answerStartLine(a: AnswerStart): string {
  const speech = `answer requested ${relative(a.afterSpeechMs, 'speech ended')}`;
  return a.afterTurnEndMs === null
    ? speech
    : `${speech}, ${relative(a.afterTurnEndMs, 'the turn ended')}`;
}

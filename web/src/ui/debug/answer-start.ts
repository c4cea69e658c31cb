import type { IntlShape } from 'react-intl';
import { formatMs } from '../../i18n/format.ts';
import type { MessageId } from '../../i18n/intl.ts';
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

function relative(intl: IntlShape, ms: number, whatId: MessageId): string {
  const what = intl.formatMessage({ id: whatId });
  const rounded = Math.round(ms);
  if (rounded === 0) return intl.formatMessage({ id: 'answer.as' }, { what });
  return intl.formatMessage(
    { id: rounded < 0 ? 'answer.before' : 'answer.after' },
    { ms: formatMs(intl, Math.abs(rounded)), what },
  );
}

/**
 * One line of the latency panel saying how much of the wait for the end of the turn the answer's
 * request overlapped: "answer requested 110 ms after speech ended, 170 ms before the turn
 * ended" (asked for at a pause, on the words heard so far), or "… 40 ms after the turn ended"
 * (asked for once the turn was over).
 */
export function answerStartLine(intl: IntlShape, a: AnswerStart): string {
  const speech = intl.formatMessage(
    { id: 'answer.requested' },
    { when: relative(intl, a.afterSpeechMs, 'answer.speechEnded') },
  );
  return a.afterTurnEndMs === null
    ? speech
    : intl.formatMessage(
        { id: 'answer.both' },
        { speech, turn: relative(intl, a.afterTurnEndMs, 'answer.turnEnded') },
      );
}

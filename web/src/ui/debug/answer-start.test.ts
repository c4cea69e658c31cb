import { describe, expect, it } from 'vitest';
import { encodeMessage, parseServerMessage } from '@parley/shared';
import { applyServerMessage, EMPTY_CONVERSATION } from '../../state/conversation.ts';
import type { TurnTrace } from '../../state/types.ts';
import { answerStart, answerStartLine } from './answer-start.ts';
import { intlFor } from '../../i18n/intl.ts';

const en = intlFor('en');

/** A spoken turn whose speech ended at 1,000 and whose end was sent 280 ms later. */
const spoken = (llmRequestAfterSpeechMs?: number): TurnTrace => ({
  turnId: 1,
  client: { speechEndAtMs: 1_000, endSentAtMs: 1_280 },
  relayTimings: llmRequestAfterSpeechMs === undefined ? {} : { llmRequestAfterSpeechMs },
});

describe('the answer start line of the latency panel', () => {
  it('says an answer asked for at a pause overlapped the wait for the end of the turn', () => {
    const a = answerStart(spoken(110.4));
    expect(a).toEqual({ afterSpeechMs: 110.4, afterTurnEndMs: -169.6 });
    expect(answerStartLine(en, a!)).toBe(
      'answer requested 110 ms after speech ended, 170 ms before the turn ended',
    );
  });

  it('says an answer asked for once the turn was over waited for it', () => {
    expect(answerStartLine(en, answerStart(spoken(320))!)).toBe(
      'answer requested 320 ms after speech ended, 40 ms after the turn ended',
    );
  });

  it('says an answer asked for before the user had finished', () => {
    expect(answerStartLine(en, { afterSpeechMs: -180, afterTurnEndMs: -460 })).toBe(
      'answer requested 180 ms before speech ended, 460 ms before the turn ended',
    );
    expect(answerStartLine(en, { afterSpeechMs: 0.3, afterTurnEndMs: null })).toBe(
      'answer requested as speech ended',
    );
  });

  it('is not shown for a turn the relay gave no figure for (typed, or never asked)', () => {
    expect(answerStart(spoken())).toBeNull();
    expect(answerStart({ turnId: 2, client: {} })).toBeNull();
  });

  it('reads the relay’s figure from turn.done as it comes off the wire', () => {
    const wire = encodeMessage({
      type: 'turn.done',
      seq: 4,
      turnId: 3,
      status: 'completed',
      reply: 'Noon.',
      audioSamples: 4_800,
      timings: { llmRequestAfterSpeechMs: 131.4 },
    });
    const parsed = parseServerMessage(wire);
    if (!parsed.ok) throw new Error('turn.done did not parse');

    const [trace] = applyServerMessage(EMPTY_CONVERSATION, parsed.value).traces;
    expect(answerStartLine(en, answerStart(trace!)!)).toBe(
      'answer requested 131 ms after speech ended',
    );
  });
});

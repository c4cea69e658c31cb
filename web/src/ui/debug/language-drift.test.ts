import { describe, expect, it } from 'vitest';
import { encodeMessage, parseServerMessage } from '@parley/shared';
import { intlFor } from '../../i18n/intl.ts';
import { applyServerMessage, EMPTY_CONVERSATION } from '../../state/conversation.ts';
import { languageDriftLine } from './language-drift.ts';

describe('a reply that drifted out of the conversation’s language, in the latency panel', () => {
  it('is kept with the turn’s trace from turn.done, and said in the page’s language', () => {
    const parsed = parseServerMessage(
      encodeMessage({
        type: 'turn.done',
        seq: 3,
        turnId: 1,
        status: 'completed',
        reply: 'Sure, I have set a reminder for ten minutes from now.',
        audioSamples: 0,
        timings: {},
        languageDrift: { expected: 'nl', detected: 'en' },
      }),
    );
    if (!parsed.ok) throw new Error('turn.done did not parse');
    const state = applyServerMessage(EMPTY_CONVERSATION, parsed.value);
    const drift = state.traces.find((t) => t.turnId === 1)?.languageDrift;
    expect(drift).toEqual({ expected: 'nl', detected: 'en' });
    expect(languageDriftLine(intlFor('nl'), drift!)).toBe(
      'antwoord in het Engels, niet in het Nederlands: het model verliet de taal van het gesprek',
    );
    expect(languageDriftLine(intlFor('en'), drift!)).toBe(
      'reply in English, not in Dutch: the model left the conversation’s language',
    );
  });
});

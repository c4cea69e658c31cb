import { describe, expect, it } from 'vitest';
import { sessionKits } from './session.test-kit.ts';

const kit = sessionKits();

describe('voice to voice, as the client reports it', () => {
  it('is stored with the turn whether it comes before the record or after', async () => {
    const k = await kit();
    // The kit's utterances end at the client's time 0: playback at 850 is 850 ms voice to voice.
    k.speaks(1, 4).ends(1);
    // Reported while the turn is still being answered: it rides in the turn's own record.
    k.session.handle({ type: 'playback.started', turnId: 1, playedAtMs: 850 });
    await k.turnDone(1);
    k.speaks(2, 4).ends(2);
    await k.turnDone(2);
    // Reported once the turn is stored: its row is updated.
    k.session.handle({ type: 'playback.started', turnId: 2, playedAtMs: 640.4 });
    // A typed turn has no end of speech to measure from.
    k.types(3, 'hello');
    await k.turnDone(3);
    k.session.handle({ type: 'playback.started', turnId: 3, playedAtMs: 500 });
    await k.session.idle();
    const stored = await k.stored();
    expect(stored.map((t) => t.timings.voiceToVoiceMs)).toEqual([850, 640, undefined]);
    expect(k.observer.voiceToVoiceSeconds).toEqual([0.85, 0.6404]);
  });
});

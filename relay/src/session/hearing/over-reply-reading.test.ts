import { describe, expect, it } from 'vitest';
import { sessionKits } from '../session.test-kit.ts';

const kit = sessionKits();

describe('a sound over the reply read once it is quiet (issue 61)', () => {
  it('sends the recogniser’s reading of the sound at its pause, and starts no answer', async () => {
    const k = await kit();
    // The embedded recogniser's running words of awb's "pause" were "boris"; its reading of
    // the sound (Moonshine's, where it writes) says "pause".
    k.providers.asr.snapshots = true;
    k.providers.asr.hypothesis = 'boris';
    k.providers.asr.transcript = 'pause';
    k.session.handle({
      type: 'utterance.start',
      turnId: 2,
      firstSeq: k.seq,
      speechStartAtMs: 0,
      overReply: true,
    });
    k.more(2, 4).pauses(2);
    await expect
      .poll(() =>
        k.link
          .messages('transcript.partial')
          .filter((m) => m.turnId === 2 && m.pauseSeq !== undefined)
          .map((m) => `${m.reading ?? 'hypothesis'}: ${m.text}`),
      )
      .toEqual(['closed: pause']);
    // No answer to a sound over the reply: no model asked, no speculation.
    expect(k.providers.llm.requests).toBe(0);
    expect(k.observer.speculations).toEqual({ started: 0, promoted: 0, dropped: 0 });
    k.cancels(2);
  });
});

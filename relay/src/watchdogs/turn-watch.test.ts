import { describe, expect, it } from 'vitest';
import { TurnWatch, type TurnStart } from './turn-watch.ts';

const start = (over: Partial<TurnStart> = {}): TurnStart => ({
  sessionId: 's1',
  turnId: 1,
  spoken: true,
  stop: () => undefined,
  ...over,
});

describe('TurnWatch: the last transcription, for /health', () => {
  it('says when the last final transcript came and how long it took from the end of the utterance', () => {
    let now = 1_000;
    const watch = new TurnWatch(() => now);
    expect(watch.lastTranscriptAtMs).toBeNull();
    expect(watch.lastTranscriptionMs).toBeNull();

    const first = watch.track(start());
    now += 412.34;
    first.enter('llm');
    expect(watch.lastTranscriptAtMs).toBe(1_412.34);
    expect(watch.lastTranscriptionMs).toBe(412.3);
    // Leaving the LLM stage is no transcription.
    now += 900;
    first.enter('tts');
    first.done();
    expect(watch.lastTranscriptionMs).toBe(412.3);

    const second = watch.track(start({ turnId: 2 }));
    now += 95;
    second.enter('llm');
    expect(watch.lastTranscriptAtMs).toBe(now);
    expect(watch.lastTranscriptionMs).toBe(95);
  });

  it('counts no typed message as a transcription', () => {
    let now = 0;
    const watch = new TurnWatch(() => now);
    const typed = watch.track(start({ spoken: false }));
    now += 50;
    typed.enter('llm');
    expect(watch.lastTranscriptAtMs).toBeNull();
    expect(watch.lastTranscriptionMs).toBeNull();
  });
});

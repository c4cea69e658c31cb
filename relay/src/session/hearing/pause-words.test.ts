import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TranscriptPartialMessage } from '@parley/shared';
import { captureLog } from '../../../test/log-capture.ts';
import type { AsrResult } from '../../providers/types.ts';
import type { PauseReading } from './pause-reading.ts';
import { PauseWords, type PausePlace } from './pause-words.ts';
import type { Speculation } from './speculation.ts';

/** A recogniser's reading of the pause, `ms` after it is asked for. */
function readsAfter(
  ms: number,
  result: Omit<AsrResult, 'audioMs'>,
  how: Omit<PauseReading, 'read'> = { follows: true },
): PauseReading {
  return {
    ...how,
    read: () => new Promise((resolve) => setTimeout(() => resolve({ audioMs: 0, ...result }), ms)),
  };
}

/**
 * The reading of a pause at seq 5 of turn 1, heard as `heard`, with what it did: the words told
 * the client (`sent`), the speculations started, confirmed, settled and dropped (`events`), and
 * its log. `place` says where the pause is; `recognized`, the words a speculation started
 * without words hears on its own.
 */
function pauseOn(heard: string, reading: PauseReading | null, recognized = '') {
  const sent: string[] = [];
  const events: string[] = [];
  const logs = captureLog();
  const state: { place: PausePlace; standing: Speculation | null } = {
    place: 'standing',
    standing: null,
  };
  const tell = (m: Omit<TranscriptPartialMessage, 'type'>) => {
    const more = [
      m.closedFollows === true ? ' (closed follows)' : '',
      m.alternatives ? ` (${String(m.alternatives.length)} alternatives)` : '',
    ].join('');
    const of = m.turnId === 1 && m.pauseSeq === 5 ? '' : 'another pause: ';
    sent.push(`${of}${m.reading ?? 'hypothesis'}: ${m.text}${more}`);
  };
  const pause = new PauseWords(
    { turnId: 1, seq: 5, heard, reading },
    {
      send: tell,
      place: () => state.place,
      speculate: (words, how = {}) => {
        const on = words === undefined ? 'its own' : `"${words}"`;
        events.push(`start ${on}${how.settled === true ? ' settled' : ''}`);
        const spec: Pick<Speculation, 'abort' | 'confirm' | 'settle' | 'recognized'> = {
          abort: new AbortController(),
          confirm: () => events.push(`confirm ${on}`),
          settle: (settled) => events.push(`settle "${settled}"`),
          recognized: new Promise((resolve) => setTimeout(() => resolve(recognized), 100)),
        };
        state.standing = spec as Speculation;
        return state.standing;
      },
      drop: (spec, reason) => {
        spec.abort.abort();
        events.push(`drop: ${reason}`);
      },
      standing: () => state.standing,
      language: undefined,
      log: logs.log,
    },
  );
  pause.begin();
  return { pause, sent, events, state, logs };
}

describe('PauseWords, the reading of a pause', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells the hypothesis at once, starts the answer on finished words, and confirms it on the same closed reading', async () => {
    const { sent, events, logs } = pauseOn(
      'what time is it',
      readsAfter(120, { text: 'what time is it', settled: true }),
    );
    expect(sent).toEqual(['hypothesis: what time is it (closed follows)']);
    expect(events).toEqual(['start "what time is it"']);
    await vi.advanceTimersByTimeAsync(120);
    // The client was told a closed reading follows: it is told, though it says the same.
    expect(sent).toEqual([
      'hypothesis: what time is it (closed follows)',
      'closed: what time is it',
    ]);
    expect(events).toEqual([
      'start "what time is it"',
      'confirm "what time is it"',
      'settle "what time is it"',
    ]);
    expect(logs.lines).toMatchObject([
      { msg: 'closed reading of a pause, as heard', ms: 120, settled: true, follows: true },
    ]);
  });

  it('waits for the closed reading on words that owe more, and starts on its words with at most 8 alternatives told', async () => {
    const alternatives = Array.from({ length: 10 }, (_, gap) => ({ text: 'what time is a', gap }));
    const { sent, events } = pauseOn(
      'what time is a',
      readsAfter(200, { text: 'what time is it', settled: true, alternatives }),
    );
    await vi.advanceTimersByTimeAsync(199);
    expect(events).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual([
      'hypothesis: what time is a (closed follows)',
      'closed: what time is it (8 alternatives)',
    ]);
    expect(events).toEqual(['start "what time is it" settled']);
  });

  it('tells a revised hypothesis while it stands, and a closed segment once: the answer starts again on it, once', async () => {
    const { pause, sent, events } = pauseOn(
      'what is the capital',
      readsAfter(300, { text: 'what is the capital of spain', settled: true }, { follows: false }),
    );
    // Nothing closes the words at the pause: the answer starts on them, whatever they are.
    expect(events).toEqual(['start "what is the capital"']);
    pause.heardMore('what is the capital', false);
    pause.heardMore('what is the capital of', false);
    pause.heardMore('What is the capital of?', false);
    pause.heardMore('what is the capital of spain', true);
    pause.heardMore('what is the capital of spain', true);
    await vi.advanceTimersByTimeAsync(300);
    expect(sent).toEqual([
      'hypothesis: what is the capital',
      'hypothesis: what is the capital of',
      'closed: what is the capital of spain',
    ]);
    expect(events).toEqual([
      'start "what is the capital"',
      'drop: the closed reading differs from the hypothesis',
      'start "what is the capital of spain"',
      // The segment closed again, then the reading: the same words, settled by the reading.
      'confirm "what is the capital of spain"',
      'confirm "what is the capital of spain"',
      'settle "what is the capital of spain"',
    ]);
  });

  it("tells the listener's closed reading for the end of turn, and answers the writer's words, trimmed", async () => {
    const written = { follows: true, written: true };
    const { pause, sent, events } = pauseOn(
      'how tall is mount everest',
      readsAfter(500, { text: 'How tall is Mount Everest!', settled: true }, written),
    );
    // The listener's segment says other words: told, but not the words answered.
    pause.heardMore('how tall is mount ever rest', true);
    pause.written(' How tall is Mount Everest! ');
    expect(sent).toEqual([
      'hypothesis: how tall is mount everest (closed follows)',
      'closed: how tall is mount ever rest',
    ]);
    expect(events).toEqual([
      'start "how tall is mount everest"',
      'confirm "how tall is mount everest"',
      'settle "How tall is Mount Everest!"',
    ]);
  });

  it('tells nothing of a reading that comes once the pause no longer stands; its answer is settled where the utterance ended', async () => {
    const reading = () => readsAfter(300, { text: 'tell me a joke', settled: true });
    const ended = pauseOn('tell me a job', reading());
    ended.state.place = 'over';
    // Speech resumed, or a newer pause stands.
    const passed = pauseOn('tell me a job', reading());
    passed.state.place = 'passed';
    await vi.advanceTimersByTimeAsync(300);
    for (const p of [ended, passed])
      expect(p.sent).toEqual(['hypothesis: tell me a job (closed follows)']);
    // The turn answers the settled words: the answer on other words is not confirmed.
    expect(ended.events).toEqual(['start "tell me a job"', 'settle "tell me a joke"']);
    expect(passed.events).toEqual(['start "tell me a job"']);
  });

  it('without a reading, a speculation recognises on its own; its other words are told while it stands', async () => {
    const { sent, events } = pauseOn('book a table', null, 'book a table for two');
    expect(sent).toEqual(['hypothesis: book a table']);
    expect(events).toEqual(['start its own']);
    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toEqual(['hypothesis: book a table', 'closed: book a table for two']);
  });

  it('tells nothing of words heard before any (none at the pause), nor of a speculation dropped or the same words', async () => {
    const none = pauseOn('', null, 'book a table');
    expect(none.sent).toEqual([]);
    const same = pauseOn('book a table', null, 'Book a table.');
    const dropped = pauseOn('book a table', null, 'book a table for two');
    dropped.state.standing = null;
    const over = pauseOn('book a table', null, 'book a table for two');
    over.state.place = 'over';
    await vi.advanceTimersByTimeAsync(100);
    expect(none.sent).toEqual(['closed: book a table']);
    for (const p of [same, dropped, over]) expect(p.sent).toEqual(['hypothesis: book a table']);
  });
});

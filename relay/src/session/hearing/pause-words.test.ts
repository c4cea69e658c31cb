import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TranscriptPartialMessage } from '@parley/shared';
import { captureLog } from '../../../test/log-capture.ts';
import type { AsrResult } from '../../providers/stages/asr.ts';
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
 * The reading of a pause at seq 5 of turn 1, heard as `heard`, with what it did, in order
 * (`did`): the words told the client (`told …`), the speculations started, confirmed, settled
 * and dropped; and its log. `state.place` says where the pause is, `state.standing` which
 * speculation the utterance's slot holds; `recognized`, the words a speculation started without
 * words hears on its own.
 */
function pauseOn(heard: string, reading: PauseReading | null, recognized = '') {
  const did: string[] = [];
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
    const of = m.turnId === 1 && m.pauseSeq === 5 ? '' : 'of another pause ';
    did.push(`told ${of}${m.reading ?? 'hypothesis'}: ${m.text}${more}`);
  };
  const pause = new PauseWords(
    { turnId: 1, seq: 5, heard, reading },
    {
      send: tell,
      place: () => state.place,
      speculate: (words, how = {}) => {
        const on = words === undefined ? 'its own' : `"${words}"`;
        did.push(`start ${on}${how.settled === true ? ' settled' : ''}`);
        const spec: Pick<Speculation, 'abort' | 'confirm' | 'settle' | 'recognized'> = {
          abort: new AbortController(),
          confirm: () => did.push(`confirm ${on}`),
          settle: (settled) => did.push(`settle "${settled}"`),
          recognized: new Promise((resolve) => setTimeout(() => resolve(recognized), 100)),
        };
        state.standing = spec as Speculation;
        return state.standing;
      },
      drop: (spec, reason) => {
        spec.abort.abort();
        did.push(`drop: ${reason}`);
      },
      standing: () => state.standing,
      language: undefined,
      log: logs.log,
    },
  );
  pause.begin();
  return { pause, did, state, logs };
}

describe('PauseWords, the reading of a pause', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('tells the hypothesis at once, starts the answer on finished words, and confirms it on the same closed reading', async () => {
    const { did, logs } = pauseOn(
      'what time is it',
      readsAfter(120, { text: 'what time is it', settled: true }),
    );
    expect(did).toEqual([
      'told hypothesis: what time is it (closed follows)',
      'start "what time is it"',
    ]);
    await vi.advanceTimersByTimeAsync(120);
    // The client was told a closed reading follows: it is told, though it says the same.
    expect(did.slice(2)).toEqual([
      'told closed: what time is it',
      'confirm "what time is it"',
      'settle "what time is it"',
    ]);
    expect(logs.lines).toMatchObject([
      { msg: 'closed reading of a pause, as heard', ms: 120, settled: true, follows: true },
    ]);
  });

  it('waits for the closed reading on words that owe more, and starts on its words with at most 8 alternatives told', async () => {
    const alternatives = Array.from({ length: 10 }, (_, gap) => ({ text: 'what time is a', gap }));
    const { did } = pauseOn(
      'what time is a',
      readsAfter(200, { text: 'what time is it', settled: true, alternatives }),
    );
    await vi.advanceTimersByTimeAsync(199);
    expect(did).toEqual(['told hypothesis: what time is a (closed follows)']);
    await vi.advanceTimersByTimeAsync(1);
    expect(did.slice(1)).toEqual([
      'told closed: what time is it (8 alternatives)',
      'start "what time is it" settled',
    ]);
  });

  it('tells a revised hypothesis while it stands, and a closed segment once: the answer starts again on it, once', async () => {
    const reading = { text: 'what is the capital of spain', settled: true };
    const { pause, did } = pauseOn(
      'what is the capital',
      readsAfter(300, reading, { follows: false }),
    );
    // Nothing closes the words at the pause: the answer starts on them, whatever they are.
    pause.heardMore('what is the capital', false);
    pause.heardMore('what is the capital of', false);
    pause.heardMore('What is the capital of?', false);
    pause.heardMore('what is the capital of spain', true);
    pause.heardMore('what is the capital of spain', true);
    await vi.advanceTimersByTimeAsync(300);
    expect(did).toEqual([
      'told hypothesis: what is the capital',
      'start "what is the capital"',
      'told hypothesis: what is the capital of',
      'told closed: what is the capital of spain',
      'drop: the closed reading differs from the hypothesis',
      'start "what is the capital of spain"',
      // The segment closed again, then the reading: the same words, settled by the reading.
      'confirm "what is the capital of spain"',
      'confirm "what is the capital of spain"',
      'settle "what is the capital of spain"',
    ]);
  });

  it("tells the listener's closed reading for the end of turn, and answers the writer's words, trimmed", () => {
    const written = { follows: true, written: true };
    const { pause, did } = pauseOn(
      'how tall is mount everest',
      readsAfter(500, { text: 'How tall is Mount Everest!', settled: true }, written),
    );
    // The listener's segment says other words: told, but not the words answered.
    pause.heardMore('how tall is mount ever rest', true);
    pause.written(' How tall is Mount Everest! ');
    expect(did.slice(2)).toEqual([
      'told closed: how tall is mount ever rest',
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
    const begun = ['told hypothesis: tell me a job (closed follows)', 'start "tell me a job"'];
    // The turn answers the settled words: the answer on other words is not confirmed.
    expect(ended.did).toEqual([...begun, 'settle "tell me a joke"']);
    expect(passed.did).toEqual(begun);
  });

  it('without a reading, a speculation recognises on its own; its other words are told while it stands', async () => {
    const { did } = pauseOn('book a table', null, 'book a table for two');
    expect(did).toEqual(['told hypothesis: book a table', 'start its own']);
    await vi.advanceTimersByTimeAsync(100);
    expect(did.slice(2)).toEqual(['told closed: book a table for two']);
  });

  it('tells nothing of words heard before any (none at the pause), nor of a speculation dropped or the same words', async () => {
    const none = pauseOn('', null, 'book a table');
    expect(none.did).toEqual(['start its own']);
    const same = pauseOn('book a table', null, 'Book a table.');
    const dropped = pauseOn('book a table', null, 'book a table for two');
    dropped.state.standing = null;
    const over = pauseOn('book a table', null, 'book a table for two');
    over.state.place = 'over';
    await vi.advanceTimersByTimeAsync(100);
    expect(none.did).toEqual(['start its own', 'told closed: book a table']);
    for (const p of [same, dropped, over])
      expect(p.did).toEqual(['told hypothesis: book a table', 'start its own']);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ToolTurnEvent } from '@parley/shared';
import {
  LATE_FIRST_TOKEN_MS,
  watchFirstToken,
  type FirstTokenWatchOptions,
} from './late-first-token.ts';
import { PROGRESS_LINES, PROGRESS_LINES_BY_LANGUAGE } from './tool-progress.ts';

describe('watchFirstToken', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function watch(over: Partial<FirstTokenWatchOptions> = {}) {
    const sent: ToolTurnEvent[] = [];
    const said: string[] = [];
    const w = watchFirstToken({
      progress: 'spoken',
      language: 'en',
      silent: false,
      afterMs: LATE_FIRST_TOKEN_MS,
      send: (e) => sent.push(e),
      say: (line) => said.push(line),
      now: () => Date.now(),
      ...over,
    });
    return { w, sent, said };
  }

  it('says the line a slow tool gets once the model is 1.5 s late, once', async () => {
    const { sent, said } = watch();
    await vi.advanceTimersByTimeAsync(LATE_FIRST_TOKEN_MS - 1);
    expect(said).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(said).toEqual([PROGRESS_LINES.checking]);
    expect(sent).toEqual([
      {
        type: 'tool.progress',
        names: [],
        progress: 'spoken',
        text: PROGRESS_LINES.checking,
        atMs: Date.now(),
      },
    ]);
    await vi.advanceTimersByTimeAsync(10 * LATE_FIRST_TOKEN_MS);
    expect(said).toHaveLength(1);
    expect(sent).toHaveLength(1);
  });

  it('says nothing when the model answers in time', async () => {
    const { w, sent, said } = watch();
    await vi.advanceTimersByTimeAsync(LATE_FIRST_TOKEN_MS - 100);
    w.stop();
    await vi.advanceTimersByTimeAsync(LATE_FIRST_TOKEN_MS);
    expect(sent).toEqual([]);
    expect(said).toEqual([]);
  });

  it('in the conversation’s language; an earcon user gets the earcon, a text-only turn the line unsaid', async () => {
    const dutch = watch({ language: 'nl-BE' });
    const earcon = watch({ progress: 'earcon' });
    const silent = watch({ silent: true });
    await vi.advanceTimersByTimeAsync(LATE_FIRST_TOKEN_MS);
    expect(dutch.said).toEqual([PROGRESS_LINES_BY_LANGUAGE.nl?.checking]);
    expect(earcon.said).toEqual([]);
    expect(earcon.sent).toMatchObject([{ progress: 'earcon', names: [] }]);
    expect(earcon.sent[0]).not.toHaveProperty('text');
    expect(silent.said).toEqual([]);
    expect(silent.sent).toMatchObject([{ text: PROGRESS_LINES.checking }]);
  });

  it('never, at 0 (FIRST_TOKEN_LATE_S=0)', async () => {
    const { sent, said } = watch({ afterMs: 0 });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toEqual([]);
    expect(said).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ToolTurnEvent } from '@parley/shared';
import {
  PROGRESS_LINES,
  progressLine,
  TOOL_PROGRESS_AFTER_MS,
  watchToolProgress,
  type ProgressWatchOptions,
} from './tool-progress.ts';

describe('progressLine', () => {
  it('says what the tools seem to do when they are of one kind, else that it is checking', () => {
    expect(progressLine(['recall_notes'], 0)).toBe(PROGRESS_LINES.notes);
    expect(progressLine(['weather_lookup', 'web_search'], 0)).toBe(PROGRESS_LINES.lookup);
    expect(progressLine(['calculate'], 0)).toBe(PROGRESS_LINES.working);
    expect(progressLine(['recall_notes', 'calculate'], 0)).toBe(PROGRESS_LINES.checking);
    expect(progressLine(['everything_trigger-long-running-operation'], 0)).toBe(
      PROGRESS_LINES.checking,
    );
  });

  it('says it is still working in a later round', () => {
    expect(progressLine(['recall_notes'], 1)).toBe(PROGRESS_LINES.still);
  });

  it('speaks the reply’s language where it has the line, else English', () => {
    expect(progressLine(['recall_notes'], 0, 'fr')).toBe('Un instant, je vérifie.');
    expect(progressLine(['recall_notes'], 2, 'de-AT')).toBe('Ich bin noch dabei.');
    expect(progressLine(['recall_notes'], 0, 'ja')).toBe(PROGRESS_LINES.notes);
    // Dutch goes by the kind of tool, as English (issue 62).
    expect(progressLine(['recall_notes'], 0, 'nl-NL')).toBe(
      'Een moment, ik kijk in mijn notities.',
    );
    expect(progressLine(['web_search'], 0, 'nl')).toBe('Een moment, ik zoek het op.');
    expect(progressLine(['recall_notes', 'calculate'], 0, 'nl')).toBe(
      'Een moment, ik kijk het na.',
    );
    expect(progressLine(['recall_notes'], 1, 'nl')).toBe('Ik ben er nog mee bezig.');
  });
});

describe('watchToolProgress', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A watch whose words end at `wordsEndAt` (when `words` resolves), tools `names` running. */
  function watch(over: Partial<ProgressWatchOptions> = {}) {
    const sent: ToolTurnEvent[] = [];
    const said: string[] = [];
    let running = ['slow_lookup'];
    const o: ProgressWatchOptions = {
      progress: 'spoken',
      language: 'en',
      silent: false,
      wordsEnd: () => Promise.resolve(Date.now()),
      running: () => running,
      send: (e) => sent.push(e),
      say: (line) => said.push(line),
      now: () => Date.now(),
      ...over,
    };
    const w = watchToolProgress(o, 0);
    return {
      sent,
      said,
      stop: () => w.stop(),
      end: () => (running = []),
    };
  }

  it('says a line and sends tool.progress once the tools run 700 ms', async () => {
    const w = watch();
    await vi.advanceTimersByTimeAsync(TOOL_PROGRESS_AFTER_MS - 1);
    expect(w.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(w.sent).toEqual([
      {
        type: 'tool.progress',
        names: ['slow_lookup'],
        progress: 'spoken',
        text: PROGRESS_LINES.lookup,
        atMs: Date.now(),
      },
    ]);
    expect(w.said).toEqual([PROGRESS_LINES.lookup]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(w.sent).toHaveLength(1);
  });

  it('counts the 700 ms from when the words before the calls end being heard', async () => {
    const start = Date.now();
    const w = watch({ wordsEnd: () => Promise.resolve(start + 1_500) });
    await vi.advanceTimersByTimeAsync(1_500 + TOOL_PROGRESS_AFTER_MS - 1);
    expect(w.sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(w.said).toHaveLength(1);
  });

  it('says nothing for tools that answer in time, or when stopped first', async () => {
    const ended = watch();
    await vi.advanceTimersByTimeAsync(300);
    ended.end();
    await vi.advanceTimersByTimeAsync(TOOL_PROGRESS_AFTER_MS);
    expect(ended.sent).toEqual([]);
    const stopped = watch();
    stopped.stop();
    await vi.advanceTimersByTimeAsync(TOOL_PROGRESS_AFTER_MS * 2);
    expect(stopped.sent).toEqual([]);
  });

  it('only sends tool.progress for the earcon, and says no line in a text-only turn', async () => {
    const earcon = watch({ progress: 'earcon' });
    const silent = watch({ silent: true });
    await vi.advanceTimersByTimeAsync(TOOL_PROGRESS_AFTER_MS);
    expect(earcon.sent).toMatchObject([{ progress: 'earcon' }]);
    expect(earcon.sent[0]).not.toHaveProperty('text');
    expect(earcon.said).toEqual([]);
    expect(silent.sent).toMatchObject([{ progress: 'spoken', text: PROGRESS_LINES.lookup }]);
    expect(silent.said).toEqual([]);
  });
});

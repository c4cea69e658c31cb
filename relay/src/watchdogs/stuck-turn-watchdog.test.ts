import { Registry } from 'prom-client';
import { describe, expect, it, vi } from 'vitest';
import { RelayError } from '../errors.ts';
import { captureLog } from '../../test/log-capture.ts';
import { StuckTurnWatchdog } from './stuck-turn-watchdog.ts';
import { TurnWatch } from './turn-watch.ts';

async function counted(registry: Registry, action: string): Promise<number | undefined> {
  const metric = await registry.getSingleMetric('parley_stuck_turns_total')?.get();
  return metric?.values.find((v) => v.labels.action === action)?.value;
}

describe('the stuck-turn watchdog', () => {
  it('logs a turn at 60 s with its stage, stops it at 120 s, and counts both', async () => {
    vi.useFakeTimers({ now: 5_000_000 });
    try {
      const turns = new TurnWatch();
      const registry = new Registry();
      const { log, lines } = captureLog();
      const dog = new StuckTurnWatchdog({ turns, warnMs: 60_000, endMs: 120_000, registry, log });
      dog.start();
      const stopped: RelayError[] = [];
      const turn = turns.track({
        sessionId: 's-1',
        turnId: 4,
        spoken: true,
        stop: (err) => stopped.push(err),
      });
      // Recognised at once; then the language model never answers.
      turn.enter('llm');
      const quick = turns.track({ sessionId: 's-2', turnId: 1, spoken: false, stop: () => {} });

      await vi.advanceTimersByTimeAsync(30_000);
      quick.done();
      await vi.advanceTimersByTimeAsync(29_000);
      expect(lines.filter((l) => l.level >= 40)).toEqual([]);
      expect(dog.stuck()).toEqual([]);

      await vi.advanceTimersByTimeAsync(1_000);
      expect(lines.filter((l) => l.level >= 40)).toEqual([
        expect.objectContaining({
          level: 40,
          msg: 'turn stuck: still running',
          sessionId: 's-1',
          turnId: 4,
          stage: 'llm',
          runningMs: 60_000,
        }),
      ]);
      expect(dog.stuck()).toEqual([
        { sessionId: 's-1', turnId: 4, stage: 'llm', runningMs: 60_000 },
      ]);
      expect(stopped).toEqual([]);

      await vi.advanceTimersByTimeAsync(60_000);
      expect(stopped.map((e) => [e.code, e.options.turnId, e.retryable])).toEqual([
        ['turn-timeout', 4, true],
      ]);
      expect(stopped[0]?.message).toMatch(/took too long \(over 120 s\) and was stopped/);
      expect(lines.filter((l) => l.level >= 40).map((l) => [l.level, l.msg, l.stage])).toEqual([
        [40, 'turn stuck: still running', 'llm'],
        [50, 'turn stuck: stopped, and failed', 'llm'],
      ]);
      // Still running while it winds down: not stopped twice.
      await vi.advanceTimersByTimeAsync(10_000);
      expect(stopped).toHaveLength(1);
      turn.done();
      await vi.advanceTimersByTimeAsync(10_000);
      expect(dog.stuck()).toEqual([]);
      expect(await counted(registry, 'warned')).toBe(1);
      expect(await counted(registry, 'ended')).toBe(1);
      dog.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('only logs, without an end', async () => {
    vi.useFakeTimers();
    try {
      const turns = new TurnWatch();
      const stop = vi.fn();
      turns.track({ sessionId: 's', turnId: 1, spoken: false, stop });
      const dog = new StuckTurnWatchdog({
        turns,
        warnMs: 1000,
        endMs: null,
        registry: new Registry(),
        log: captureLog().log,
      });
      dog.start();
      await vi.advanceTimersByTimeAsync(600_000);
      expect(stop).not.toHaveBeenCalled();
      expect(dog.stuck()).toHaveLength(1);
      dog.stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the turn watch', () => {
  it('notes when an utterance’s transcript came, not a typed message’s', () => {
    let now = 1000;
    const turns = new TurnWatch(() => now);
    expect(turns.lastTranscriptAtMs).toBeNull();
    const typed = turns.track({ sessionId: 's', turnId: 1, spoken: false, stop: () => {} });
    now = 2000;
    typed.enter('llm');
    expect(turns.lastTranscriptAtMs).toBeNull();
    const spoken = turns.track({ sessionId: 's', turnId: 2, spoken: true, stop: () => {} });
    now = 3000;
    spoken.enter('llm');
    now = 4000;
    spoken.enter('tts');
    expect(turns.lastTranscriptAtMs).toBe(3000);
    expect(turns.running().map((t) => [t.turnId, t.stage])).toEqual([
      [1, 'llm'],
      [2, 'tts'],
    ]);
    spoken.done();
    typed.done();
    expect(turns.running()).toEqual([]);
    expect(turns.stop(1, RelayError.turnTimedOut(1, 120_000))).toBe(false);
  });
});

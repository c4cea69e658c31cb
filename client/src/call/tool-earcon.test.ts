import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EARCON_MAX_MS, EARCON_REPEAT_MS, ToolEarcon, type EarconSound } from './tool-earcon.ts';

/** An earcon whose sounds write what they do: `play`, `close`. */
function earcon(open = true) {
  const log: string[] = [];
  const e = new ToolEarcon({
    open: (): EarconSound | null =>
      open
        ? { play: () => log.push(`play @${String(Date.now())}`), close: () => log.push('close') }
        : null,
    setInterval: (run, ms) => setInterval(run, ms),
    clearInterval: (h) => clearInterval(h as ReturnType<typeof setInterval>),
    now: () => Date.now(),
  });
  return { e, log };
}

describe('the earcon while a tool works', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('plays at once and gently again until the reply speaks, then stops', async () => {
    const { e, log } = earcon();
    e.progress({ turnId: 3, progress: 'earcon' });
    await vi.advanceTimersByTimeAsync(EARCON_REPEAT_MS * 2 + 10);
    e.replyAudio(2); // another turn's audio changes nothing
    e.progress({ turnId: 3, progress: 'earcon' }); // a second round of calls: not a second earcon
    expect(log).toEqual(['play @0', 'play @2000', 'play @4000']);
    e.replyAudio(3);
    await vi.advanceTimersByTimeAsync(EARCON_REPEAT_MS * 3);
    expect(log).toEqual(['play @0', 'play @2000', 'play @4000', 'close']);
  });

  it('stops when the turn ends or the user interrupts, and never plays for a spoken line', async () => {
    const { e, log } = earcon();
    e.progress({ turnId: 1, progress: 'spoken' });
    expect(log).toEqual([]);
    e.progress({ turnId: 1, progress: 'earcon' });
    e.turnEnded(1);
    e.progress({ turnId: 2, progress: 'earcon' });
    e.stop();
    e.stop();
    await vi.advanceTimersByTimeAsync(EARCON_REPEAT_MS * 2);
    expect(log).toEqual(['play @0', 'close', 'play @0', 'close']);
  });

  it('gives up after a while if the turn never ends, and is silent for text-only replies', async () => {
    const { e, log } = earcon();
    e.progress({ turnId: 1, progress: 'earcon' });
    await vi.advanceTimersByTimeAsync(EARCON_MAX_MS + EARCON_REPEAT_MS);
    expect(log.filter((l) => l === 'close')).toHaveLength(1);
    expect(log.filter((l) => l.startsWith('play'))).toHaveLength(EARCON_MAX_MS / EARCON_REPEAT_MS);
    const quiet = earcon(false);
    quiet.e.progress({ turnId: 1, progress: 'earcon' });
    await vi.advanceTimersByTimeAsync(EARCON_REPEAT_MS * 2);
    expect(quiet.log).toEqual([]);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { logger } from '../../log/logger.ts';
import { ProviderError } from '../net/provider-error.ts';
import { ContextExceededError } from './context-exceeded-error.ts';
import { failoverStream } from './failover-stream.ts';
import { NoProviderError } from './no-provider-error.ts';
import { ProviderSlot } from './provider-slot.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

type Behaviour = 'serve' | 'hang' | 'fail500' | 'fail400' | 'fail429' | 'tooLong';

/** A voice in memory: counts its calls; serves one block, hangs until aborted, or fails. */
class Voice {
  readonly info;
  calls = 0;
  constructor(
    id: string,
    public behaviour: Behaviour,
  ) {
    this.info = { id, label: id };
  }

  async *speak(signal: AbortSignal): AsyncGenerator<Int16Array> {
    this.calls++;
    if (this.behaviour === 'hang') {
      await new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true }),
      );
    }
    if (this.behaviour === 'fail429') {
      throw new ProviderError(this.info.id, 'http', 'HTTP 429', {
        status: 429,
        retryAfterMs: 30_000,
      });
    }
    if (this.behaviour === 'tooLong') {
      throw new ProviderError(this.info.id, 'http', 'HTTP 400', {
        status: 400,
        contextExceeded: true,
        contextTokens: 8192,
      });
    }
    if (this.behaviour === 'fail500' || this.behaviour === 'fail400') {
      const status = this.behaviour === 'fail500' ? 500 : 400;
      throw new ProviderError(this.info.id, 'http', `HTTP ${status}`, { status });
    }
    yield new Int16Array(160).fill(1);
  }
}

function chain(voices: Voice[]) {
  const slots = voices.map(
    (v, rank) => new ProviderSlot('tts', rank, v, { failureThreshold: 3, now: Date.now }),
  );
  const passedOver: string[] = [];
  const call = async (failed?: Set<string>) => {
    const served: string[] = [];
    const stream = failoverStream<Voice, Int16Array>({
      stage: 'tts',
      slots,
      limits: { firstMs: 1000 },
      signal: new AbortController().signal,
      log: logger('test:failover-stream'),
      open: (v, signal) => v.speak(signal),
      isOutput: (pcm) => pcm.length > 0,
      onServed: (v) => served.push(v.info.id),
      onPassedOver: (v, f) => passedOver.push(`${v.info.id} ${f.kind} ${f.status ?? '-'}`),
      ...(failed ? { failed } : {}),
    });
    const run = (async () => {
      for await (const pcm of stream) expect(pcm.length).toBeGreaterThan(0);
      return served;
    })();
    // Handled here too, as it may reject while the clock moves; the test awaits it after.
    run.catch(() => undefined);
    // Let deadlines pass while it runs (a hanging voice costs its 1 s).
    await vi.advanceTimersByTimeAsync(1000);
    return run;
  };
  return { slots, call, passedOver };
}

describe('failoverStream', () => {
  it('does not ask a voice that failed earlier in the turn again', async () => {
    const [alpha, beta] = [new Voice('alpha', 'hang'), new Voice('beta', 'serve')];
    const { call, slots } = chain([alpha, beta]);
    const failed = new Set<string>();
    for (let sentence = 0; sentence < 3; sentence++) {
      expect(await call(failed)).toEqual(['beta']);
    }
    expect(alpha.calls).toBe(1);
    expect(beta.calls).toBe(3);
    // One failure counted against alpha, not three: the skips are not failures.
    expect(slots[0]?.status().consecutiveFailures).toBe(1);
    // A new turn (new memory) asks it again.
    await call(new Set());
    expect(alpha.calls).toBe(2);
  });

  it('keeps asking a voice whose failure was the request’s own fault (HTTP 400)', async () => {
    const [alpha, beta] = [new Voice('alpha', 'fail400'), new Voice('beta', 'serve')];
    const { call } = chain([alpha, beta]);
    const failed = new Set<string>();
    await call(failed);
    await call(failed);
    expect(alpha.calls).toBe(2);
    expect([...failed]).toEqual([]);
  });

  it('opens every breaker when the whole stage fails: the next call degrades at once', async () => {
    const [alpha, beta] = [new Voice('alpha', 'hang'), new Voice('beta', 'fail500')];
    const { call, slots } = chain([alpha, beta]);
    await expect(call()).rejects.toBeInstanceOf(NoProviderError);
    expect(slots.map((s) => s.status().state)).toEqual(['open', 'open']);
    const started = Date.now();
    await expect(call()).rejects.toThrow(/alpha \(circuit open\); beta \(circuit open\)/);
    expect(Date.now() - started).toBe(1000); // only the test's own advance: no timeout waited
    expect([alpha.calls, beta.calls]).toEqual([1, 1]);
  });

  it('does not declare the stage down when a failure was the request’s own fault', async () => {
    const [alpha, beta] = [new Voice('alpha', 'fail500'), new Voice('beta', 'fail400')];
    const { call, slots } = chain([alpha, beta]);
    await expect(call()).rejects.toBeInstanceOf(NoProviderError);
    expect(slots.map((s) => s.status().state)).toEqual(['closed', 'closed']);
  });

  it('tells of each provider passed over, failed now or skipped, with its last failure', async () => {
    const [alpha, beta] = [new Voice('alpha', 'fail429'), new Voice('beta', 'serve')];
    const { call, passedOver } = chain([alpha, beta]);
    await call();
    // Held off by its Retry-After: skipped, told with the 429 that asked for it.
    await call();
    expect(passedOver).toEqual(['alpha http 429', 'alpha http 429']);
    expect(alpha.calls).toBe(1);
  });

  it('skips a provider holding us off with Retry-After until then, without counting it broken', async () => {
    const [alpha, beta] = [new Voice('alpha', 'fail429'), new Voice('beta', 'serve')];
    const { call, slots } = chain([alpha, beta]);
    expect(await call()).toEqual(['beta']);
    expect(slots[0]?.status()).toMatchObject({ state: 'open', consecutiveFailures: 0 });
    expect(await call()).toEqual(['beta']);
    expect(alpha.calls).toBe(1);
    await vi.advanceTimersByTimeAsync(28_000); // 30 s after the 429, counting the calls' own 2 s
    alpha.behaviour = 'serve';
    expect(await call()).toEqual(['alpha']);
  });

  describe('a request that does not fit a model’s context', () => {
    it('goes to the next provider, and is held against no one', async () => {
      const [alpha, beta] = [new Voice('alpha', 'tooLong'), new Voice('beta', 'serve')];
      const { call, slots, passedOver } = chain([alpha, beta]);
      const failed = new Set<string>();
      // More refusals than the breaker's threshold (3).
      for (let i = 0; i < 4; i++) expect(await call(failed)).toEqual(['beta']);
      expect(alpha.calls).toBe(4);
      expect(slots[0]?.status()).toMatchObject({
        state: 'closed',
        consecutiveFailures: 0,
        failures: 0,
        lastError: null,
      });
      expect(passedOver[0]).toBe('alpha http 400');
      expect([...failed]).toEqual([]);
    });

    it('ends the call with ContextExceededError when every provider asked refused so', async () => {
      const [alpha, beta] = [new Voice('alpha', 'tooLong'), new Voice('beta', 'tooLong')];
      const { call, slots } = chain([alpha, beta]);
      for (let i = 0; i < 4; i++) {
        const err = await call().then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(ContextExceededError);
        expect((err as ContextExceededError).refusals).toEqual([
          { providerId: 'alpha', contextTokens: 8192 },
          { providerId: 'beta', contextTokens: 8192 },
        ]);
      }
      // Not a stage outage: no breaker opened, nothing counted.
      expect(slots.map((s) => [s.status().state, s.status().failures])).toEqual([
        ['closed', 0],
        ['closed', 0],
      ]);
    });

    it('is an outage, not a long conversation, when another provider failed', async () => {
      const [alpha, beta] = [new Voice('alpha', 'tooLong'), new Voice('beta', 'fail500')];
      const { call, slots } = chain([alpha, beta]);
      const err = await call().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(NoProviderError);
      expect(err).not.toBeInstanceOf(ContextExceededError);
      expect(slots[0]?.status().state).toBe('closed');
    });
  });
});

import { describe, expect, it, vi } from 'vitest';
import { RelayError } from '../../errors.ts';
import { recognitionQueueFull } from '../../limits/limit-errors.ts';
import { logger } from '../../log/logger.ts';
import type { AsrCapabilities, AsrProvider, AsrResult, AsrStream } from '../stages/asr.ts';
import { FailoverAsr } from './failover-asr.ts';
import { ProviderSlot } from './provider-slot.ts';

/**
 * A recogniser on the relay's own workers (as Moonshine is), in memory: its final waits for a
 * worker (`waiting`) and never comes, or is refused by the relay's queue, or comes.
 */
class QueuedAsr implements AsrProvider {
  readonly info;
  /** `waiting`: its reading waits for a worker and never comes. */
  mode: 'waiting' | 'reading' | 'refused' | 'reads' = 'reads';

  constructor(id: string) {
    this.info = { id, label: id };
  }

  start(): AsrStream {
    const mode = this.mode;
    const capabilities: Partial<AsrCapabilities> = {
      queue: { waiting: () => mode === 'waiting' },
    };
    return {
      write: () => undefined,
      finish: () =>
        mode === 'refused'
          ? Promise.reject(recognitionQueueFull())
          : mode === 'reads'
            ? Promise.resolve<AsrResult>({ text: `${this.info.id} heard`, audioMs: 0 })
            : new Promise<AsrResult>(() => undefined),
      abort: () => undefined,
      capability: (name) => capabilities[name] ?? null,
    };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function chain(providers: QueuedAsr[]) {
  const slots = providers.map((p, rank) => new ProviderSlot('asr', rank, p, { now: Date.now }));
  const asr = new FailoverAsr(
    slots,
    { finalMs: 1_000, maxReplaySamples: 16_000 },
    logger('test:failover-asr'),
  );
  const utterance = () => {
    const stream = asr.start({ sampleRateHz: 16_000, signal: new AbortController().signal });
    stream.write(new Int16Array(1_600));
    return stream;
  };
  return { slots, utterance };
}

describe('FailoverAsr and the relay’s own recogniser queue', () => {
  it('does not count a final whose deadline passed while its reading waited for a worker', async () => {
    vi.useFakeTimers();
    try {
      const moonshine = new QueuedAsr('moonshine');
      moonshine.mode = 'waiting';
      const { slots, utterance } = chain([moonshine]);
      for (let i = 0; i < 3; i++) {
        const final = utterance().finish();
        const told = expect(final).rejects.toBeInstanceOf(RelayError);
        await vi.advanceTimersByTimeAsync(1_000);
        await told;
        await expect(final).rejects.toMatchObject({ code: 'limit-exceeded', retryable: true });
      }
      // Three deadlines passed (BREAKER_FAILURES' default): none was Moonshine's failure.
      expect(slots[0]?.status()).toMatchObject({
        state: 'closed',
        consecutiveFailures: 0,
        failures: 0,
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts a final whose deadline passed while the recogniser itself read', async () => {
    vi.useFakeTimers();
    try {
      const moonshine = new QueuedAsr('moonshine');
      moonshine.mode = 'reading';
      const { slots, utterance } = chain([moonshine]);
      const final = utterance().finish();
      const told = expect(final).rejects.toThrow(/No asr provider/);
      await vi.advanceTimersByTimeAsync(1_000);
      await told;
      expect(slots[0]?.status()).toMatchObject({ consecutiveFailures: 1, failures: 1 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('leaves a recogniser whose reading the relay’s queue refused for the next one, uncounted', async () => {
    const [moonshine, next] = [new QueuedAsr('moonshine'), new QueuedAsr('next')];
    moonshine.mode = 'refused';
    const { slots, utterance } = chain([moonshine, next]);
    const result = await utterance().finish();
    expect(result).toMatchObject({ text: 'next heard', provider: { id: 'next' } });
    expect(slots[0]?.status()).toMatchObject({ state: 'closed', failures: 0 });
    // Alone in its chain, the refusal is the user's answer (not "recognition is unavailable"),
    // and no breaker opens for it.
    const alone = chain([moonshine]);
    await expect(alone.utterance().finish()).rejects.toMatchObject({ code: 'limit-exceeded' });
    expect(alone.slots[0]?.status()).toMatchObject({ state: 'closed', failures: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import { KeyedLimiter } from '../limits/keyed-limiter.ts';
import { budgetLimitsFromUsd } from '../metering/budget.ts';
import { CostMeter } from '../metering/cost-meter.ts';
import { PricingTable } from '../metering/pricing.ts';
import type { TtsChain, TtsChainRequest } from '../providers/stages/tts.ts';
import type { UsageEntry } from '../storage/usage.ts';
import { PREVIEW_TEXT, VoicePreviews } from './voice-preview.ts';

const pricing = PricingTable.withDefaults({
  tts: { primary: { usdPerMillionCharacters: 10 }, backup: { usdPerMillionCharacters: 20 } },
});

/** A voice chain whose primary fails (or not) before the backup speaks at 16 kHz. */
function chain(primaryFails: boolean, backupFails = false) {
  const asked: TtsChainRequest[] = [];
  const tts: TtsChain = {
    info: { id: 'primary', label: 'Primary' },
    sampleRateHz: 24_000,
    async *synthesize(request) {
      await Promise.resolve();
      asked.push(request);
      request.onAttempt?.({ id: 'primary', label: 'Primary' });
      if (!primaryFails) {
        request.onServed?.({ id: 'primary', label: 'Primary' }, 24_000);
        yield new Int16Array(24_000).fill(1000);
        return;
      }
      request.onAttempt?.({ id: 'backup', label: 'Backup' });
      if (backupFails) throw new Error('every voice failed');
      request.onServed?.({ id: 'backup', label: 'Backup' }, 16_000);
      yield new Int16Array(16_000).fill(1000);
      yield new Int16Array(16_000 * 20).fill(1000);
    },
    close: () => Promise.resolve(),
  };
  return { tts, asked };
}

function previews(tts: TtsChain) {
  const ledger: UsageEntry[] = [];
  const spent: string[] = [];
  const meter = new CostMeter({ pricing, now: () => 0 });
  const service = new VoicePreviews({
    tts,
    limiter: new KeyedLimiter({ capacity: 5, refillPerSecond: 1, maxKeys: 10, now: () => 0 }),
    meter,
    pricing,
    budget: budgetLimitsFromUsd({ sessionUsd: 1, userDayUsd: 10, softRatio: 0 }),
    userDayCost: () => Promise.resolve(0),
    record: (entries) => {
      ledger.push(...entries);
      return Promise.resolve();
    },
    userSpend: null,
    spent: (stage, provider, micros) => spent.push(`${stage} ${provider} ${micros}`),
  });
  return { service, ledger, spent, meter };
}

const signal = new AbortController().signal;

describe('voice previews', () => {
  it('say the relay’s sentence in the voice and pace asked for, billed to the voice that spoke', async () => {
    const { tts, asked } = chain(false);
    const { service, ledger, spent, meter } = previews(tts);
    const p = await service.preview('ann', { voice: 'rms', speakingRate: 1.5 }, signal);
    expect(asked[0]).toMatchObject({ text: PREVIEW_TEXT, voice: 'rms', speakingRate: 1.5 });
    expect(p).toMatchObject({ sampleRateHz: 24_000, providerId: 'primary' });
    expect(p.samples.length).toBe(24_000);
    // 46 characters at $10 a million: 460 micro-dollars.
    const micros = PREVIEW_TEXT.length * 10;
    expect(ledger).toEqual([
      expect.objectContaining({
        userId: 'ann',
        stage: 'tts',
        provider: 'primary',
        units: { characters: PREVIEW_TEXT.length },
        costMicros: micros,
      }),
    ]);
    expect(ledger[0]?.sessionId).toMatch(/^voice-preview-/);
    expect(spent).toEqual([`tts primary ${micros}`]);
    expect(meter.userDayTotal('ann')).toBe(micros);
    // No session is held for it.
    expect(meter.sessionCount).toBe(0);
  });

  it('take the fallback voice’s rate and bill it, cut at ten seconds', async () => {
    const { service, ledger } = previews(chain(true).tts);
    const p = await service.preview('ann', {}, signal);
    expect(p).toMatchObject({ sampleRateHz: 16_000, providerId: 'backup' });
    expect(p.samples.length).toBe(10 * 16_000);
    expect(ledger.map((e) => e.provider)).toEqual(['backup']);
  });

  it('bill nobody when no voice spoke', async () => {
    const { service, ledger, spent } = previews(chain(true, true).tts);
    await expect(service.preview('ann', {}, signal)).rejects.toMatchObject({
      code: 'tts-failed',
      options: { status: 502 },
    });
    expect(ledger).toEqual([]);
    expect(spent).toEqual([]);
  });

  it('are refused past the rate, before any synthesis', async () => {
    const { tts, asked } = chain(false);
    const { service } = previews(tts);
    for (let i = 0; i < 5; i++) await service.preview('ann', {}, signal);
    await expect(service.preview('ann', {}, signal)).rejects.toMatchObject({
      code: 'rate-limited',
    });
    expect(asked).toHaveLength(5);
    // Another user has an allowance of their own.
    await expect(service.preview('bob', {}, signal)).resolves.toBeDefined();
  });
});

import { describe, expect, it } from 'vitest';
import { APOLOGY } from '../src/pipeline/turn.ts';
import { ledger, servedBy } from './fakes/openai-pair.ts';
import { usePair } from './pair-kit.ts';
import { parseExposition } from './prometheus-text.ts';
import type { TestRelay } from './harness.ts';

/**
 * `parley_spend_microdollars_total{stage, provider}`: what providers billed, the figure the
 * budgets and the usage ledger count, so that an operator can alert on spend per hour. Two fake
 * OpenAI-compatible servers priced like hosted APIs (`alpha`, `beta`; see openai-pair.ts).
 */

const POLL = { timeout: 10_000 };

/** The spend counter's series, `stage provider` → micro-dollars. */
async function spendSeries(relay: TestRelay): Promise<Record<string, number>> {
  const res = await fetch(`${relay.url}/metrics`);
  expect(res.status).toBe(200);
  const m = parseExposition(await res.text());
  expect(m.typeOf('parley_spend_microdollars_total')).toBe('COUNTER');
  return Object.fromEntries(
    m
      .series('parley_spend_microdollars_total')
      .map((s) => [`${s.labels.stage ?? '?'} ${s.labels.provider ?? '?'}`, s.value]),
  );
}

/** The session's ledger summed the same way. */
async function ledgerSums(relay: TestRelay, sessionId: string): Promise<Record<string, number>> {
  const sums: Record<string, number> = {};
  for (const row of await ledger(relay, sessionId)) {
    const key = `${row.stage} ${row.provider}`;
    sums[key] = (sums[key] ?? 0) + row.costMicros;
  }
  return sums;
}

describe('spend in /metrics', () => {
  const ctx = usePair({
    ASR_PROVIDERS: 'alpha',
    LLM_PROVIDERS: 'alpha,beta',
    TTS_PROVIDERS: 'alpha',
  });

  it('counts each provider’s micro-dollars by stage, as the ledger does', async () => {
    const { pair, client, speaker } = ctx;
    expect(await spendSeries(pair.relay)).toEqual({});
    const spoken = await speaker.spoken();
    expect(servedBy(client, spoken.turnId)).toEqual({
      asr: 'alpha:whisper',
      llm: 'alpha:chat',
      tts: 'alpha:speech',
    });
    await speaker.typed('and a typed one');
    await expect
      .poll(async () => (await ledger(pair.relay, client.ready.sessionId)).length, POLL)
      .toBeGreaterThanOrEqual(6);
    const spend = await spendSeries(pair.relay);
    expect(spend).toEqual(await ledgerSums(pair.relay, client.ready.sessionId));
    // One second of audio at $0.006 a minute: $0.0001.
    expect(spend['asr alpha:whisper']).toBe(100);
    expect(spend['llm alpha:chat']).toBeGreaterThan(0);
    expect(spend['tts alpha:speech']).toBeGreaterThan(0);
  });

  it('bills nothing for a call that failed before serving: the fallback that served, or no one', async () => {
    const { pair, client, speaker } = ctx;
    const before = await spendSeries(pair.relay);
    pair.alpha.setFault('chat', { kind: 'status', status: 500 });
    const served = await speaker.typed('beta then');
    expect(servedBy(client, served.turnId)?.llm).toBe('beta:chat');
    await expect
      .poll(async () => (await spendSeries(pair.relay))['llm beta:chat'], POLL)
      .toBeGreaterThan(0);
    expect((await spendSeries(pair.relay))['llm alpha:chat']).toBe(before['llm alpha:chat']);

    pair.beta.setFault('chat', { kind: 'status', status: 500 });
    const afterFallback = await spendSeries(pair.relay);
    const failed = await speaker.typed('anyone there');
    expect(failed.replyText).toBe(APOLOGY);
    // The apology is spoken by the embedded voice: its ledger row says the turn was billed.
    await expect
      .poll(
        async () => (await ledger(pair.relay, client.ready.sessionId, failed.turnId)).length,
        POLL,
      )
      .toBeGreaterThan(0);
    const afterFailure = await spendSeries(pair.relay);
    expect(afterFailure['llm alpha:chat']).toBe(afterFallback['llm alpha:chat']);
    expect(afterFailure['llm beta:chat']).toBe(afterFallback['llm beta:chat']);
    await expect
      .poll(async () => ledgerSums(pair.relay, client.ready.sessionId), POLL)
      .toEqual(afterFailure);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiError, preferencesResponse, usageReport } from '@parley/shared';
import { readWav } from '../src/audio/wav.ts';
import { PREVIEW_TEXT } from '../src/preferences/voice-preview.ts';
import { startTestRelay, type TestRelay } from './harness.ts';
import { parseExposition } from './prometheus-text.ts';

const ADMIN = 'voice-preview-admin-token-0123456789';
/** The embedded voice at $1 a character: a preview costs $46, the day's cap is $100. */
const PRICING = JSON.stringify({ tts: { flite: { usdPerMillionCharacters: 1_000_000 } } });

/** Samples louder than -40 dBFS. */
const loud = (samples: Float32Array) => samples.filter((x) => Math.abs(x) > 0.01).length;

describe('POST /api/preferences/voice-preview', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay({
      ADMIN_TOKEN: ADMIN,
      PRICING_JSON: PRICING,
      BUDGET_USER_DAY_USD: '100',
    });
  });
  afterAll(async () => {
    await relay.close();
  });

  const preview = (body: unknown) =>
    fetch(`${relay.url}/api/preferences/voice-preview`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('says the relay’s sentence in the voice asked for, as WAV; each voice its own; metered and billed; refused past the day’s budget', async () => {
    const prefs = preferencesResponse.parse(
      await (await fetch(`${relay.url}/api/preferences`)).json(),
    );
    const [first, second] = prefs.options.voices;
    if (!first || !second) throw new Error('the embedded voice offers several voices');

    const a = await preview({ voice: first.id });
    expect(a.status, await a.clone().text()).toBe(200);
    expect(a.headers.get('content-type')).toBe('audio/wav');
    const wavA = readWav(new Uint8Array(await a.arrayBuffer()));
    const samplesA = wavA.channels[0] ?? new Float32Array();
    // A sentence of speech: a second or more, most of it loud.
    expect(samplesA.length / wavA.sampleRateHz).toBeGreaterThan(1);
    expect(loud(samplesA)).toBeGreaterThan(wavA.sampleRateHz / 2);

    const b = await preview({ voice: second.id, speakingRate: 1.5 });
    expect(b.status).toBe(200);
    const samplesB = readWav(new Uint8Array(await b.arrayBuffer())).channels[0];
    expect(samplesB?.length).not.toBe(samplesA.length);

    // Billed as a synthesis: the ledger and /metrics, $46 each.
    const today = new Date().toISOString().slice(0, 10);
    const report = usageReport.parse(
      await (
        await fetch(`${relay.url}/api/admin/usage?from=${today}&to=${today}`, {
          headers: { Authorization: `Bearer ${ADMIN}` },
        })
      ).json(),
    );
    const tts = report.byProvider.find((p) => p.stage === 'tts' && p.provider === 'flite');
    expect(tts).toMatchObject({ calls: 2, costMicros: 92_000_000 });
    expect(tts?.units.characters).toBe(2 * PREVIEW_TEXT.length);
    const metrics = parseExposition(await (await fetch(`${relay.url}/metrics`)).text());
    const spent = metrics
      .series('parley_spend_microdollars_total')
      .find((s) => s.labels.stage === 'tts' && s.labels.provider === 'flite');
    expect(spent?.value).toBe(92_000_000);

    // A third would take the day past $100: refused, and nothing synthesised.
    const c = await preview({ voice: first.id });
    expect(c.status).toBe(402);
    expect(apiError.parse(await c.json()).error).toBe('budget-exceeded');
  });

  it('refuses what is not a preview request, in words', async () => {
    for (const [body, status, message] of [
      [{ speakingRate: 5 }, 400, /speakingRate/],
      [{ text: 'say anything I like' }, 400, /text|Unrecognized/i],
      [{ voice: 'x'.repeat(5000) }, 413, /4 KiB/],
      ['not json', 400, /.+/],
    ] as const) {
      const res = await preview(body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(status);
      expect(apiError.parse(await res.json()).message).toMatch(message);
    }
  });
});

describe('voice previews are rate-limited per user', () => {
  let relay: TestRelay;
  beforeAll(async () => {
    relay = await startTestRelay();
  });
  afterAll(async () => {
    await relay.close();
  });

  it('answers six at once, then 429 with when to try again', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await fetch(`${relay.url}/api/preferences/voice-preview`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: '{}',
      });
      statuses.push(res.status);
      if (res.status === 429) {
        const body = apiError.parse(await res.json());
        expect(body).toMatchObject({ error: 'rate-limited' });
        expect(body.retryAfterMs).toBeGreaterThan(0);
      } else await res.arrayBuffer();
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429]);
  });
});

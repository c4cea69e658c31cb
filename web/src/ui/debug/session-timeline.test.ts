import { describe, expect, it } from 'vitest';
import type { TurnTrace } from '../../state/store.ts';
import {
  exportTimeline,
  networkSeries,
  parseTimeline,
  stageSummaries,
  turnViews,
  waterfall,
} from './session-timeline.ts';
import { intlFor } from '../../i18n/intl.ts';

const T = 1_700_000_000_000;
const clock = { offsetMs: 1000, errorMs: 2, rttMs: 6, samples: 5 };

/** A turn answered `v2v` ms after its end of speech, relay stages at fixed points. */
function trace(turnId: number, at: number, v2v: number): TurnTrace {
  const r = (ms: number) => at + ms + clock.offsetMs;
  return {
    turnId,
    client: {
      speechEndAtMs: at,
      endSentAtMs: at + 400,
      firstAudioReceivedAtMs: at + v2v - 30,
      firstSamplePlayedAtMs: at + v2v,
    },
    relay: {
      endReceivedAtMs: r(405),
      asrFinalAtMs: r(450),
      llmRequestAtMs: r(451),
      llmFirstTokenAtMs: r(470),
      ttsRequestAtMs: r(480),
      ttsFirstAudioAtMs: r(v2v - 60),
      firstAudioSentAtMs: r(v2v - 40),
    },
  };
}

describe('the session timeline views', () => {
  const traces = [trace(2, T + 10_000, 800), trace(1, T, 600), trace(3, T + 20_000, 700)];

  it('orders turns and measures voice to voice from the end of speech to the first sample played', () => {
    const views = turnViews(traces, clock);
    expect(views.map((v) => [v.trace.turnId, v.voiceToVoiceMs])).toEqual([
      [1, 600],
      [2, 800],
      [3, 700],
    ]);
  });

  it('summarizes each stage over the session', () => {
    const s = Object.fromEntries(
      stageSummaries(turnViews(traces, clock)).map((x) => [x.stage, x.summary]),
    );
    expect(s.voiceToVoice).toEqual({ count: 3, p50: 700, p95: 800, p99: 800 });
    expect(s.asr?.p50).toBe(45);
    expect(s.uplink?.p50).toBe(5);
  });

  it('draws the waterfall relative to the end of speech', () => {
    const bars = waterfall(intlFor('en'), turnViews([trace(1, T, 600)], clock)[0]!);
    expect(bars.find((b) => b.stage === 'asr')).toMatchObject({
      offsetMs: 405,
      durationMs: 45,
      errorMs: 0,
    });
    expect(bars.find((b) => b.stage === 'uplink')).toMatchObject({
      offsetMs: 400,
      durationMs: 5,
      errorMs: 2,
    });
    expect(bars.at(-1)).toMatchObject({ stage: 'voiceToVoice', offsetMs: 0, durationMs: 600 });
  });

  it('draws each tool call of the turn as a row after the model’s first token, on the client’s clock', () => {
    const turn = trace(1, T, 900);
    const onRelay = (ms: number) => T + ms + clock.offsetMs;
    turn.toolCalls = [
      {
        callId: 'c1',
        name: 'get-sum',
        arguments: '{}',
        status: 'done',
        summary: '6912',
        startedAtMs: onRelay(475),
        endedAtMs: onRelay(655),
      },
    ];
    const bars = waterfall(intlFor('en'), turnViews([turn], clock)[0]!);
    const ttft = bars.findIndex((b) => b.stage === 'llmTtft');
    expect(bars[ttft + 1]).toEqual({
      key: 'tool-c1',
      stage: 'tool',
      label: 'Tool: get-sum',
      offsetMs: 475,
      durationMs: 180,
      errorMs: 2,
      // The technical line the transcript no longer shows (issue 65).
      detail: 'get-sum: done — 6912 · 180 ms',
    });
    // Without a clock estimate the relay's spans cannot be placed: no tool rows.
    expect(
      waterfall(intlFor('en'), turnViews([turn], null)[0]!).some((b) => b.stage === 'tool'),
    ).toBe(false);
  });

  it('computes jitter between successive round trips', () => {
    const series = networkSeries([
      { rttMs: 10, offsetMs: 0, atMs: 1 },
      { rttMs: 14, offsetMs: 0, atMs: 2 },
      { rttMs: 11, offsetMs: 0, atMs: 3 },
    ]);
    expect(series.map((s) => s.jitterMs)).toEqual([0, 4, 3]);
  });

  it('exports and imports a timeline, and refuses other files', () => {
    const text = JSON.stringify(exportTimeline(traces, clock));
    const back = parseTimeline(text);
    expect(back.traces).toHaveLength(3);
    expect(back.clock).toEqual(clock);
    expect(() => parseTimeline('{nope')).toThrow(/not JSON/);
    expect(() => parseTimeline('{"format":"other"}')).toThrow(/not a Parley timeline/);
  });
});

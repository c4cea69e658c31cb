import { describe, expect, it } from 'vitest';
import type { ProviderStatus } from '@parley/shared';
import { parseExposition } from '../../test/prometheus-text.ts';
import { RelayMetrics } from './metrics.ts';
import type { FinishedTurn } from './turn-observer.ts';

function provider(id: string, stage: ProviderStatus['stage'], over: Partial<ProviderStatus> = {}) {
  return {
    id,
    label: id,
    stage,
    rank: 0,
    state: 'closed',
    health: 'HEALTHY',
    consecutiveFailures: 0,
    retryAtMs: null,
    calls: 0,
    failures: 0,
    latencyMs: null,
    lastError: null,
    lastSuccessAtMs: null,
    lastProbe: null,
    ...over,
  } satisfies ProviderStatus;
}

function turn(input: FinishedTurn['input'], over: Partial<FinishedTurn['result']> = {}) {
  return {
    sessionId: 's1',
    turnId: 1,
    input,
    result: {
      status: 'completed',
      transcript: 'hi',
      reply: 'hello',
      audioSamples: 16_000,
      timings: {
        asrFinalMs: 120,
        llmFirstTokenMs: 300,
        ttsFirstAudioMs: 80,
        relayFirstAudioMs: 510,
      },
      marks: {},
      servedBy: { asr: 'asr-a', llm: 'llm-a', tts: 'tts-a' },
      ...over,
    },
    errors: [],
    audio: null,
    doneAtMs: 0,
  } satisfies FinishedTurn;
}

const scrape = async (m: RelayMetrics) => parseExposition(await m.scrape());

describe('RelayMetrics', () => {
  const sources = (providers: ProviderStatus[] = []) => ({
    connections: () => 2,
    sessions: () => 1,
    providers: () => providers,
  });

  it('keeps one registry per relay: two instances count apart', async () => {
    const a = new RelayMetrics(sources());
    const b = new RelayMetrics(sources());
    a.sessionStarted();
    a.sessionStarted();
    b.sessionStarted();
    expect((await scrape(a)).value('parley_sessions_started_total')).toBe(2);
    expect((await scrape(b)).value('parley_sessions_started_total')).toBe(1);
  });

  it('observes stage timings in seconds by provider; typed turns skip the ASR histogram', async () => {
    const m = new RelayMetrics(sources());
    m.turnFinished(turn('spoken'));
    m.turnFinished(
      turn('typed', {
        status: 'failed',
        timings: { asrFinalMs: 0.1, relayFirstAudioMs: 900 },
        servedBy: { asr: 'asr-a', llm: 'llm-b' },
      }),
    );
    const e = await scrape(m);
    expect(e.value('parley_turns_total', { status: 'completed' })).toBe(1);
    expect(e.value('parley_turns_total', { status: 'failed' })).toBe(1);
    const asr = e.histogram('parley_asr_final_seconds', { provider: 'asr-a' });
    expect(asr?.count).toBe(1);
    expect(asr?.sum).toBeCloseTo(0.12, 9);
    expect(asr?.buckets['0.15']).toBe(1);
    expect(asr?.buckets['0.1']).toBe(0);
    expect(e.histogram('parley_llm_first_token_seconds', { provider: 'llm-a' })?.count).toBe(1);
    // A timing the turn did not reach is not observed.
    expect(e.histogram('parley_llm_first_token_seconds', { provider: 'llm-b' })).toBeUndefined();
    expect(e.histogram('parley_tts_first_audio_seconds', { provider: 'tts-a' })?.count).toBe(1);
    expect(e.histogram('parley_relay_first_audio_seconds', { input: 'spoken' })?.sum).toBe(0.51);
    expect(e.histogram('parley_relay_first_audio_seconds', { input: 'typed' })?.sum).toBe(0.9);
  });

  it('counts spoken turns by what their recognition came to, and observes each reply’s whole synthesis by voice', async () => {
    const m = new RelayMetrics(sources());
    const outcomes = async () =>
      (await scrape(m))
        .series('parley_transcriptions_total')
        .map((s) => [s.labels.outcome, s.value]);
    expect(await outcomes()).toEqual([
      ['succeeded', 0],
      ['failed', 0],
      ['empty', 0],
    ]);
    const heard = { asrFinalAtMs: 1_000 };
    m.turnFinished(turn('spoken', { marks: heard, timings: { ttsTotalMs: 2_400 } }));
    m.turnFinished(turn('spoken', { marks: heard, timings: { ttsTotalMs: 600 } }));
    // A recogniser that failed: no final transcript.
    m.turnFinished(turn('spoken', { status: 'failed', transcript: '', marks: {}, timings: {} }));
    // Nothing heard in the audio.
    m.turnFinished(turn('spoken', { status: 'empty', transcript: '', marks: heard, timings: {} }));
    // A typed turn is no transcription; one cancelled before its transcript is none either.
    m.turnFinished(turn('typed', { marks: {}, timings: { ttsTotalMs: 900 } }));
    m.turnFinished(turn('spoken', { status: 'cancelled', transcript: '', marks: {} }));
    // A later stage that failed does not make the recognition a failure.
    m.turnFinished(turn('spoken', { status: 'failed', marks: heard, timings: {} }));
    expect(await outcomes()).toEqual([
      ['succeeded', 3],
      ['failed', 1],
      ['empty', 1],
    ]);
    const e = await scrape(m);
    expect(e.typeOf('parley_transcriptions_total')).toBe('COUNTER');
    const synthesis = e.histogram('parley_tts_synthesis_seconds', { provider: 'tts-a' });
    expect(synthesis?.count).toBe(3);
    expect(synthesis?.sum).toBeCloseTo(3.9, 9);
    expect(synthesis?.buckets['1']).toBe(2);
    expect(synthesis?.buckets['2']).toBe(2);
    expect(synthesis?.buckets['3']).toBe(3);
  });

  it('reads gauges and provider state at scrape time', async () => {
    const providers = [
      provider('llm-a', 'llm', { health: 'FAILED', failures: 3 }),
      provider('tts-a', 'tts', { health: 'DEGRADED', failures: 1 }),
    ];
    const m = new RelayMetrics(sources(providers));
    let e = await scrape(m);
    expect(e.value('parley_connections_active')).toBe(2);
    expect(e.value('parley_sessions_active')).toBe(1);
    expect(e.value('parley_provider_health', { provider: 'llm-a', stage: 'llm' })).toBe(2);
    expect(e.value('parley_provider_health', { provider: 'tts-a', stage: 'tts' })).toBe(1);
    expect(e.value('parley_provider_failures_total', { provider: 'llm-a' })).toBe(3);
    providers[0] = provider('llm-a', 'llm', { health: 'HEALTHY', failures: 4 });
    e = await scrape(m);
    expect(e.value('parley_provider_health', { provider: 'llm-a' })).toBe(0);
    expect(e.value('parley_provider_failures_total', { provider: 'llm-a' })).toBe(4);
    expect(e.typeOf('parley_provider_failures_total')).toBe('COUNTER');
  });

  it('counts errors by code, barge-ins, resumes, budget stops and voice-to-voice', async () => {
    const m = new RelayMetrics(sources());
    m.errorSent('llm-failed');
    m.errorSent('llm-failed');
    m.errorSent('rate-limited');
    m.bargeIn();
    m.reconnectAttempted();
    m.resumed('storage');
    m.budgetStopped();
    m.voiceToVoice(0.9);
    const e = await scrape(m);
    expect(e.value('parley_errors_total', { code: 'llm-failed' })).toBe(2);
    expect(e.value('parley_errors_total', { code: 'rate-limited' })).toBe(1);
    expect(e.value('parley_barge_ins_total')).toBe(1);
    expect(e.value('parley_reconnects_total')).toBe(1);
    expect(e.value('parley_resumes_total', { from: 'storage' })).toBe(1);
    expect(e.value('parley_budget_stops_total')).toBe(1);
    const v2v = e.histogram('parley_voice_to_voice_seconds');
    expect(v2v?.count).toBe(1);
    expect(v2v?.buckets['1']).toBe(1);
    expect(v2v?.buckets['0.75']).toBe(0);
    expect(e.typeOf('parley_voice_to_voice_seconds')).toBe('HISTOGRAM');
  });

  it('adds up spend in micro-dollars by stage and provider, an unpriced provider at 0', async () => {
    const m = new RelayMetrics(sources());
    expect((await scrape(m)).series('parley_spend_microdollars_total')).toEqual([]);
    m.spent('llm', 'openai', 1_250);
    m.spent('llm', 'openai', 750);
    m.spent('tts', 'elevenlabs', 300);
    m.spent('asr', 'pocketsphinx', 0);
    const e = await scrape(m);
    expect(e.typeOf('parley_spend_microdollars_total')).toBe('COUNTER');
    expect(
      e
        .series('parley_spend_microdollars_total')
        .map((s) => [s.labels.stage, s.labels.provider, s.value]),
    ).toEqual([
      ['llm', 'openai', 2_000],
      ['tts', 'elevenlabs', 300],
      ['asr', 'pocketsphinx', 0],
    ]);
  });

  it('counts microphone frames by outcome, speculations, and turn output replayed', async () => {
    const m = new RelayMetrics(sources());
    let e = await scrape(m);
    expect(e.series('parley_mic_frames_total').map((s) => [s.labels.outcome, s.value])).toEqual([
      ['accepted', 0],
      ['duplicate', 0],
      ['missing', 0],
    ]);
    m.micFrames('accepted', 1);
    m.micFrames('accepted', 1);
    m.micFrames('duplicate', 1);
    m.micFrames('missing', 3);
    m.speculation('started');
    m.speculation('started');
    m.speculation('promoted');
    m.speculation('dropped');
    m.outputReplayed(0);
    m.outputReplayed(5);
    e = await scrape(m);
    expect(e.value('parley_mic_frames_total', { outcome: 'accepted' })).toBe(2);
    expect(e.value('parley_mic_frames_total', { outcome: 'duplicate' })).toBe(1);
    expect(e.value('parley_mic_frames_total', { outcome: 'missing' })).toBe(3);
    expect(e.typeOf('parley_mic_frames_total')).toBe('COUNTER');
    expect(e.value('parley_speculations_total')).toBe(2);
    expect(e.value('parley_speculations_ended_total', { outcome: 'promoted' })).toBe(1);
    expect(e.value('parley_speculations_ended_total', { outcome: 'dropped' })).toBe(1);
    expect(e.value('parley_replayed_messages_total')).toBe(5);
  });

  it('observes per-frame relay time in sub-millisecond buckets', async () => {
    const m = new RelayMetrics(sources());
    m.audioRelayed(0.00004);
    m.audioRelayed(0.0003);
    m.audioRelayed(0.004);
    const chunks = (await scrape(m)).histogram('parley_chunk_relay_seconds');
    expect(chunks?.count).toBe(3);
    expect(chunks?.buckets['0.00005']).toBe(1);
    expect(chunks?.buckets['0.0005']).toBe(2);
    expect(chunks?.buckets['0.005']).toBe(3);
  });

  it('appends the process metrics', async () => {
    const e = await scrape(new RelayMetrics(sources()));
    expect(e.value('process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(e.value('nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });
});

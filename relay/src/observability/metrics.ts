import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type LabelValues,
} from 'prom-client';
import type { ErrorCode, PoolStatus, ProviderHealth, ProviderStatus, Stage } from '@parley/shared';
import type {
  FinishedTurn,
  MicFrameOutcome,
  SpeculationEvent,
  TurnObserver,
} from './turn-observer.ts';
import { TurnOutcomeMetrics } from './turn-outcome-metrics.ts';

/** Voice latencies: 25 ms (a fast first token) to 10 s (something is wrong), in seconds. */
const VOICE_BUCKETS_S = [0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10] as const;

/** Relay handling of one microphone frame: 50 µs to 100 ms (a frame lasts 100 ms), in seconds. */
const CHUNK_BUCKETS_S = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.1,
] as const;

/** `parley_provider_health` values. */
const HEALTH_VALUE = { HEALTHY: 0, DEGRADED: 1, FAILED: 2 } as const satisfies Record<
  ProviderHealth,
  number
>;

/** What the gauges read at scrape time. */
export interface MetricsSources {
  /** Open WebSocket connections. */
  connections(): number;
  /** Live sessions, attached or waiting for a resume. */
  sessions(): number;
  /** Every provider's state (one per configured provider: bounded labels). */
  providers(): readonly ProviderStatus[];
  /** The embedded engines' worker pools (one per local provider: bounded labels). */
  pools?(): readonly PoolStatus[];
}

let processMetrics: Registry | null = null;

/**
 * Process metrics (CPU, memory, event loop, GC) in a registry of their own, created once per
 * process: they describe the process, not a relay, and `collectDefaultMetrics` installs GC and
 * event-loop observers that are never removed — once per relay would pile them up in tests that
 * start several relays.
 */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

const ms = (x: number | undefined) => (x === undefined ? undefined : x / 1000);

/**
 * The relay's Prometheus metrics, in a registry of its own (tests run several relays in one
 * process). Every observation is a few additions on a turn, message or session event; per audio
 * frame, one unlabelled histogram observation and one plain addition (the frame counts are read
 * into their counter at scrape time). Labels are bounded: provider ids come from configuration,
 * statuses, outcomes and error codes from protocol enums.
 */
export class RelayMetrics implements TurnObserver {
  readonly registry = new Registry();
  private readonly asrFinal: Histogram<'provider'>;
  private readonly llmFirstToken: Histogram<'provider'>;
  private readonly ttsFirstAudio: Histogram<'provider'>;
  private readonly relayFirstAudio: Histogram<'input'>;
  private readonly voiceToVoiceS: Histogram;
  private readonly chunkRelayS: Histogram;
  private readonly sessionsStarted: Counter;
  private readonly turns: Counter<'status'>;
  private readonly errors: Counter<'code'>;
  private readonly bargeIns: Counter;
  private readonly reconnects: Counter;
  private readonly resumes: Counter<'from'>;
  private readonly budgetStops: Counter;
  private readonly spend: Counter<'stage' | 'provider'>;
  private readonly replayedMessages: Counter;
  private readonly speculationsStarted: Counter;
  private readonly speculationsEnded: Counter<'outcome'>;
  private readonly outcomes: TurnOutcomeMetrics;
  /** Per-frame tallies, plain numbers (read into their counter at scrape time). */
  private readonly micFrameCounts: Record<MicFrameOutcome, number> = {
    accepted: 0,
    duplicate: 0,
    missing: 0,
  };

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    const histogram = <L extends string>(name: string, help: string, labelNames: L[]) =>
      new Histogram<L>({ name, help, labelNames, buckets: [...VOICE_BUCKETS_S], registers });
    const counter = <L extends string>(name: string, help: string, labelNames: L[] = []) =>
      new Counter<L>({ name, help, labelNames, registers });

    this.asrFinal = histogram(
      'parley_asr_final_seconds',
      'Spoken turns: utterance.end received → final transcript, by recogniser.',
      ['provider'],
    );
    this.llmFirstToken = histogram(
      'parley_llm_first_token_seconds',
      'LLM request → first token, by the LLM that answered.',
      ['provider'],
    );
    this.ttsFirstAudio = histogram(
      'parley_tts_first_audio_seconds',
      'First sentence handed to TTS → its first audio, by the voice that spoke.',
      ['provider'],
    );
    this.relayFirstAudio = histogram(
      'parley_relay_first_audio_seconds',
      'utterance.end (spoken) or user.text (typed) received → first reply audio sent.',
      ['input'],
    );
    this.voiceToVoiceS = histogram(
      'parley_voice_to_voice_seconds',
      'Spoken turns, as reported by clients: end of speech → first reply audio playing ' +
        '(playback.started − utterance.end speechEndAtMs, both on the client clock).',
      [],
    );
    this.chunkRelayS = new Histogram({
      name: 'parley_chunk_relay_seconds',
      help: 'Microphone frames: binary message received → handed to the recogniser stream.',
      buckets: [...CHUNK_BUCKETS_S],
      registers,
    });
    this.sessionsStarted = counter('parley_sessions_started_total', 'New sessions (not resumes).');
    this.turns = counter('parley_turns_total', 'Turns ended, by status.', ['status']);
    this.errors = counter('parley_errors_total', 'error messages sent to clients, by code.', [
      'code',
    ]);
    this.bargeIns = counter('parley_barge_ins_total', 'Replies the user spoke over (interrupt).');
    this.reconnects = counter(
      'parley_reconnects_total',
      'hello messages asking to resume a session (successful or not).',
    );
    this.resumes = counter(
      'parley_resumes_total',
      'Sessions resumed: from this relay’s memory, or from storage after a restart.',
      ['from'],
    );
    this.budgetStops = counter(
      'parley_budget_stops_total',
      'Connections closed because a spending cap was reached.',
    );
    this.spend = counter(
      'parley_spend_microdollars_total',
      'What providers billed, in micro-dollars (1e-6 USD), by stage and provider: the figure ' +
        'the budgets count (each call once, only what a provider served; 0 for one unpriced).',
      ['stage', 'provider'],
    );

    this.replayedMessages = counter(
      'parley_replayed_messages_total',
      'Turn output sent again to resuming clients (messages they had not confirmed).',
    );
    this.speculationsStarted = counter(
      'parley_speculations_total',
      'Speculative answers started at a pause in speech.',
    );
    this.speculationsEnded = counter(
      'parley_speculations_ended_total',
      'Speculative answers by outcome: promoted (released as the answer) or dropped (the user ' +
        'went on, or the final transcript differed). One cut short with its turn is neither.',
      ['outcome'],
    );
    this.outcomes = new TurnOutcomeMetrics(registers);
    const frames = this.micFrameCounts;
    new Counter({
      name: 'parley_mic_frames_total',
      help:
        'Microphone frames of utterances: accepted (new), duplicate (a resend or a resumed ' +
        'client’s replay, dropped), missing (seqs skipped over: gaps the recogniser never heard).',
      labelNames: ['outcome'],
      registers,
      collect() {
        this.reset();
        for (const [outcome, n] of Object.entries(frames)) this.inc({ outcome }, n);
      },
    });

    new Gauge({
      name: 'parley_connections_active',
      help: 'Open WebSocket connections.',
      registers,
      collect() {
        this.set(sources.connections());
      },
    });
    new Gauge({
      name: 'parley_sessions_active',
      help: 'Live sessions, attached or waiting for their client to resume.',
      registers,
      collect() {
        this.set(sources.sessions());
      },
    });
    new Gauge({
      name: 'parley_provider_health',
      help: 'Provider health: 0 healthy, 1 degraded, 2 failed (breaker open).',
      labelNames: ['provider', 'stage'],
      registers,
      collect() {
        this.reset();
        for (const p of sources.providers())
          this.set({ provider: p.id, stage: p.stage }, HEALTH_VALUE[p.health]);
      },
    });
    new Counter({
      name: 'parley_provider_failures_total',
      help: 'Failed provider calls and health probes, by provider.',
      labelNames: ['provider', 'stage'],
      registers,
      collect() {
        // The slots count for themselves (monotonic for the process): mirror their totals.
        this.reset();
        for (const p of sources.providers())
          this.inc({ provider: p.id, stage: p.stage }, p.failures);
      },
    });
    if (sources.pools) poolGauges(registers, () => sources.pools?.() ?? []);
  }

  /** The Prometheus content type of {@link scrape}'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric in the text exposition format: this relay's, then the process's. */
  async scrape(): Promise<string> {
    const [relay, process] = await Promise.all([
      this.registry.metrics(),
      processRegistry().metrics(),
    ]);
    return `${relay}\n${process}`;
  }

  sessionStarted(): void {
    this.sessionsStarted.inc();
  }

  /** A hello asked to resume a session. */
  reconnectAttempted(): void {
    this.reconnects.inc();
  }

  /** A session was handed back to its client. */
  resumed(from: 'memory' | 'storage'): void {
    this.resumes.inc({ from });
  }

  errorSent(code: ErrorCode): void {
    this.errors.inc({ code });
  }

  budgetStopped(): void {
    this.budgetStops.inc();
  }

  /** A provider call cost `micros` (as the cost meter counted it; 0 when it has no price). */
  spent(stage: Stage, provider: string, micros: number): void {
    this.spend.inc({ stage, provider }, micros);
  }

  bargeIn(): void {
    this.bargeIns.inc();
  }

  voiceToVoice(seconds: number): void {
    this.voiceToVoiceS.observe(seconds);
  }

  audioRelayed(seconds: number): void {
    this.chunkRelayS.observe(seconds);
  }

  micFrames(outcome: MicFrameOutcome, frames: number): void {
    this.micFrameCounts[outcome] += frames;
  }

  speculation(event: SpeculationEvent): void {
    if (event === 'started') this.speculationsStarted.inc();
    else this.speculationsEnded.inc({ outcome: event });
  }

  outputReplayed(messages: number): void {
    if (messages > 0) this.replayedMessages.inc(messages);
  }

  /**
   * Counts the turn and observes its stage timings. Typed turns have no recognition: they are
   * left out of the ASR histogram and the transcriptions, and labelled apart in the relay's
   * first-audio one.
   */
  turnFinished(turn: FinishedTurn): void {
    const { status, timings, servedBy } = turn.result;
    this.turns.inc({ status });
    if (turn.input === 'spoken')
      observe(this.asrFinal, { provider: servedBy.asr ?? 'unknown' }, ms(timings.asrFinalMs));
    observe(
      this.llmFirstToken,
      { provider: servedBy.llm ?? 'unknown' },
      ms(timings.llmFirstTokenMs),
    );
    observe(
      this.ttsFirstAudio,
      { provider: servedBy.tts ?? 'unknown' },
      ms(timings.ttsFirstAudioMs),
    );
    observe(this.relayFirstAudio, { input: turn.input }, ms(timings.relayFirstAudioMs));
    this.outcomes.turnFinished(turn);
  }
}

function observe<L extends string>(
  h: Histogram<L>,
  labels: LabelValues<L>,
  seconds: number | undefined,
): void {
  if (seconds !== undefined && Number.isFinite(seconds) && seconds >= 0) h.observe(labels, seconds);
}

/**
 * `parley_pool_queue_depth`, `parley_pool_busy_workers`, `parley_pool_workers` and
 * `parley_pool_queued_audio_seconds` by pool (`asr`, `tts`) and provider, read at scrape time.
 */
function poolGauges(registers: Registry[], pools: () => readonly PoolStatus[]): void {
  const gauge = (name: string, help: string, value: (p: PoolStatus) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['pool', 'provider'],
      registers,
      collect() {
        this.reset();
        for (const p of pools()) {
          const v = value(p);
          if (v !== null) this.set({ pool: p.pool, provider: p.provider }, v);
        }
      },
    });
  gauge(
    'parley_pool_queue_depth',
    'Requests waiting for a worker of a local pool: sentences for the embedded voice, ' +
      'utterances waiting behind another on their decoder.',
    (p) => p.queued,
  );
  gauge(
    'parley_pool_busy_workers',
    'Workers of a local pool serving a request now.',
    (p) => p.busy,
  );
  gauge(
    'parley_pool_workers',
    'Workers of a local pool alive (started or starting).',
    (p) => p.workers,
  );
  gauge(
    'parley_pool_queued_audio_seconds',
    'Audio waiting to reach the embedded recogniser’s decoders.',
    (p) => (p.queuedAudioMs === null ? null : p.queuedAudioMs / 1000),
  );
}

import type { ProviderOpsStatus, RelayWarning, StageReadiness } from '@parley/shared';
import type { Logger } from '../log/logger.ts';
import { EmbeddedEngines } from './embedded/embedded-engines.ts';
import type { ProviderPlan, ProviderSpec, Stage } from './config/provider-plan.ts';
import { MAX_UTTERANCE_SAMPLES } from './kinds/provider-kind.ts';
import { providerConnections } from './net/connections.ts';
import { familyOf } from './provider-kinds.ts';
import { FailoverAsr } from './resilience/failover-asr.ts';
import { FailoverLlm } from './resilience/failover-llm.ts';
import { FailoverTts } from './resilience/failover-tts.ts';
import { HealthMonitor, type MonitoredSlot } from './resilience/health-monitor.ts';
import { ProviderSlot } from './resilience/provider-slot.ts';
import { asrTrial, llmTrial, ttsTrial } from './resilience/stage-trial.ts';
import { voicesOfChain } from './voice-chain.ts';
import type { AsrProvider } from './stages/asr.ts';
import type { LlmProvider } from './stages/llm.ts';
import type { Providers } from './stages/providers.ts';
import type { TtsProvider } from './stages/tts.ts';

/**
 * The relay's providers: one failover chain per stage (what sessions call), the slots behind
 * them (breakers, status), the embedded voice that speaks when the LLM stage is down, and the
 * background health monitor.
 */
export class ProviderSet implements Providers {
  readonly asr: FailoverAsr;
  readonly llm: FailoverLlm;
  readonly tts: FailoverTts;
  /** What says the apology when the LLM stage is down: {@link fallbackVoices} as a chain. */
  readonly fallbackVoice: FailoverTts;
  readonly monitor: HealthMonitor;
  /** Said while eSpeak NG is left out (`ESPEAK_NG=off`): no offline voice speaks Dutch. */
  private readonly voiceLeftOut: RelayWarning | null;

  private constructor(
    readonly slots: {
      asr: ProviderSlot<AsrProvider>[];
      llm: ProviderSlot<LlmProvider>[];
      tts: ProviderSlot<TtsProvider>[];
    },
    /**
     * The embedded voices (Flite, always warm, then eSpeak NG for the languages Flite does not
     * speak) that say the apology when the LLM stage is down.
     */
    readonly fallbackVoices: readonly ProviderSlot<TtsProvider>[],
    readonly plan: Pick<ProviderPlan, 'timeouts' | 'breaker' | 'probeIntervalMs'> &
      Partial<Pick<ProviderPlan, 'espeakNg'>>,
    private readonly log: Logger,
    private readonly owned: { close(): Promise<void> }[],
    /** Each slot's address (`spec.baseUrl`), by stage and rank; empty when not known. */
    private readonly addresses: Record<Stage, readonly (string | undefined)[]> = NO_ADDRESSES,
  ) {
    const t = plan.timeouts;
    this.asr = new FailoverAsr(
      slots.asr,
      { finalMs: t.asrFinalMs, maxReplaySamples: MAX_UTTERANCE_SAMPLES },
      log,
    );
    this.llm = new FailoverLlm(
      slots.llm,
      { firstMs: t.llmFirstTokenMs, stallMs: t.streamStallMs, totalMs: t.llmTotalMs },
      log,
    );
    const ttsLimits = { firstMs: t.ttsFirstAudioMs, stallMs: t.streamStallMs };
    this.tts = new FailoverTts(slots.tts, ttsLimits, log);
    this.fallbackVoice = new FailoverTts(fallbackVoices, ttsLimits, log);
    this.voiceLeftOut = plan.espeakNg === 'off' ? voiceLeftOut(slots.tts[0]?.id) : null;
    const watched: MonitoredSlot[] = [
      ...slots.asr.map((slot) => ({
        slot,
        trial: (signal: AbortSignal) => asrTrial(slot.provider, signal),
        trialTimeoutMs: t.asrFinalMs,
      })),
      ...slots.llm.map((slot) => ({
        slot,
        trial: (signal: AbortSignal) => llmTrial(slot.provider, signal),
        trialTimeoutMs: t.llmFirstTokenMs,
      })),
      ...slots.tts.map((slot) => ({
        slot,
        trial: (signal: AbortSignal) => ttsTrial(slot.provider, signal),
        trialTimeoutMs: t.ttsFirstAudioMs,
      })),
    ];
    this.monitor = new HealthMonitor(
      watched,
      { intervalMs: plan.probeIntervalMs, timeoutMs: 5_000 },
      log,
    );
  }

  /**
   * Builds and warms every provider the plan names (plus the embedded voice). `engines`: the
   * embedded engines to use, which the caller owns and closes; absent, the set starts its own
   * and closes them with itself.
   */
  static async create(
    plan: ProviderPlan,
    log: Logger,
    engines?: EmbeddedEngines,
  ): Promise<ProviderSet> {
    const embedded = engines ?? new EmbeddedEngines(plan);
    const owned: { close(): Promise<void> }[] = engines ? [] : [embedded];
    try {
      const build = async <P extends { close(): Promise<void> }>(
        stage: Stage,
        spec: ProviderSpec,
      ): Promise<P> => {
        const p = await instantiate(stage, spec, plan, embedded);
        if (!embedded.owns(p)) owned.push(p);
        return p as unknown as P;
      };
      const slotsOf = async <P extends AsrProvider | LlmProvider | TtsProvider>(stage: Stage) => {
        const out: ProviderSlot<P>[] = [];
        for (const [rank, spec] of plan[stage].entries()) {
          out.push(
            new ProviderSlot<P>(stage, rank, await build<P>(stage, spec), {
              ...plan.breaker,
              now: Date.now,
            }),
          );
        }
        return out;
      };
      const slots = {
        asr: await slotsOf<AsrProvider>('asr'),
        llm: await slotsOf<LlmProvider>('llm'),
        tts: await slotsOf<TtsProvider>('tts'),
      };
      const slotOf = (voice: TtsProvider, rank: number) =>
        new ProviderSlot<TtsProvider>('tts', rank, voice, { ...plan.breaker, now: Date.now });
      const configured = slots.tts.map((s) => s.provider);
      // Left out (ESPEAK_NG=off), a language Flite does not speak is said by a hosted voice only.
      const voices = embedded.hasEspeak
        ? voicesOfChain(
            configured,
            () => embedded.espeak(),
            (v) => embedded.isEspeak(v),
          )
        : configured;
      for (const voice of voices.slice(configured.length))
        slots.tts.push(slotOf(voice, slots.tts.length));
      // Apologies when the LLM stage is down: in Flite, else in eSpeak NG's voice of the language.
      const fallback = [embedded.flite, ...(embedded.hasEspeak ? [embedded.espeak()] : [])].map(
        slotOf,
      );
      await embedded.ready();
      const addresses = {
        asr: plan.asr.map((s) => s.baseUrl),
        llm: plan.llm.map((s) => s.baseUrl),
        tts: plan.tts.map((s) => s.baseUrl),
      };
      const set = new ProviderSet(slots, fallback, plan, log, owned, addresses);
      set.monitor.start();
      return set;
    } catch (err) {
      await Promise.allSettled(owned.map((p) => p.close()));
      throw err;
    }
  }

  /**
   * A set around providers built by the caller (benchmarks, embedders), each stage's chain in
   * failover order; `fallbackVoice` speaks apologies. `close()` closes them all. Health probes
   * run as {@link create}'s do (`plan.probeIntervalMs`, 0 = off).
   */
  static fromProviders(
    chains: { asr: AsrProvider[]; llm: LlmProvider[]; tts: TtsProvider[] },
    fallbackVoice: TtsProvider,
    plan: Pick<ProviderPlan, 'timeouts' | 'breaker' | 'probeIntervalMs'>,
    log: Logger,
  ): ProviderSet {
    const slotsOf = <P extends AsrProvider | LlmProvider | TtsProvider>(stage: Stage, ps: P[]) =>
      ps.map((p, rank) => new ProviderSlot<P>(stage, rank, p, { ...plan.breaker, now: Date.now }));
    const owned = new Set<{ close(): Promise<void> }>([
      ...chains.asr,
      ...chains.llm,
      ...chains.tts,
      fallbackVoice,
    ]);
    const slots = {
      asr: slotsOf('asr', chains.asr),
      llm: slotsOf('llm', chains.llm),
      tts: slotsOf('tts', chains.tts),
    };
    const fallback = [
      new ProviderSlot<TtsProvider>('tts', 0, fallbackVoice, {
        ...plan.breaker,
        now: Date.now,
      }),
    ];
    const set = new ProviderSet(slots, fallback, plan, log, [...owned]);
    set.monitor.start();
    return set;
  }

  /**
   * Opens a connection ahead to the provider each stage would call first (the first whose
   * breaker is not open), unless one is open already: a session's first turn, and the first
   * after a pause long enough for idle connections to close, then skip the TCP and TLS set-up.
   * The backups are not warmed: they are called after a failure, which costs more than a
   * handshake, and warming them would keep idle connections to every one of them.
   */
  warm(): void {
    const first = (stage: Stage) => {
      const rank = this.slots[stage].findIndex((s) => s.breaker.state !== 'open');
      return this.addresses[stage][Math.max(rank, 0)];
    };
    providerConnections().warm([first('asr'), first('llm'), first('tts')]);
  }

  /** Every provider's state as operators see it (users see `providerStatusForUsers` of it). */
  status(): ProviderOpsStatus[] {
    return [...this.slots.asr, ...this.slots.llm, ...this.slots.tts].map((s) => s.status());
  }

  /** Per stage: can it serve at all? A stage whose every provider is FAILED is not ready. */
  readiness(): Record<Stage, StageReadiness> {
    const of = (slots: ProviderSlot<AsrProvider | LlmProvider | TtsProvider>[]) => ({
      ready: slots.some((s) => s.breaker.snapshot().health !== 'FAILED'),
      providers: slots.map((s) => s.id),
    });
    return { asr: of(this.slots.asr), llm: of(this.slots.llm), tts: of(this.slots.tts) };
  }

  /** What its providers serve without though they were asked for (see RelayWarning). */
  warnings(): RelayWarning[] {
    return [
      ...this.slots.asr.flatMap((s) => s.provider.capability?.('warning')?.now() ?? []),
      ...(this.voiceLeftOut ? [this.voiceLeftOut] : []),
    ];
  }

  /** Closes a provider's breaker (admin). False when no provider has that id. */
  reset(providerId: string): boolean {
    let found = false;
    for (const s of [...this.slots.asr, ...this.slots.llm, ...this.slots.tts]) {
      if (s.id === providerId) {
        s.breaker.reset();
        found = true;
      }
    }
    if (found) this.log.info({ provider: providerId }, 'provider breaker reset by an admin');
    return found;
  }

  async close(): Promise<void> {
    await this.monitor.stop();
    await Promise.allSettled(this.owned.map((p) => p.close()));
  }
}

/** The warning of a relay without eSpeak NG, whose first voice is `servedBy`. */
function voiceLeftOut(servedBy = 'none'): RelayWarning {
  return {
    code: 'voice-left-out',
    stage: 'tts',
    provider: 'espeak-ng',
    servedBy,
    sinceMs: Date.now(),
    message:
      'eSpeak NG is left out (ESPEAK_NG=off): no offline voice speaks Dutch or another ' +
      'language but English; a hosted voice says replies in them, else they are shown as text',
  };
}

const NO_ADDRESSES: Record<Stage, readonly (string | undefined)[]> = { asr: [], llm: [], tts: [] };

/**
 * Builds one provider of `stage` as `spec` says (by its kind's adapters), with `plan`'s prompt
 * and limits; the embedded kinds are `embedded`'s engines (not to be closed by the caller).
 */
export function instantiate(
  stage: 'asr',
  spec: ProviderSpec,
  plan: ProviderPlan,
  embedded: EmbeddedEngines,
): Promise<AsrProvider>;
export function instantiate(
  stage: 'llm',
  spec: ProviderSpec,
  plan: ProviderPlan,
  embedded: EmbeddedEngines,
): Promise<LlmProvider>;
export function instantiate(
  stage: 'tts',
  spec: ProviderSpec,
  plan: ProviderPlan,
  embedded: EmbeddedEngines,
): Promise<TtsProvider>;
export function instantiate(
  stage: Stage,
  spec: ProviderSpec,
  plan: ProviderPlan,
  embedded: EmbeddedEngines,
): Promise<AsrProvider | LlmProvider | TtsProvider>;
export async function instantiate(
  stage: Stage,
  spec: ProviderSpec,
  plan: ProviderPlan,
  embedded: EmbeddedEngines,
): Promise<AsrProvider | LlmProvider | TtsProvider> {
  const family = familyOf(spec);
  const ctx = {
    systemPrompt: plan.systemPrompt,
    llmMaxTokens: plan.llmMaxTokens,
    engines: embedded,
  };
  switch (stage) {
    case 'asr':
      return family.asr(spec, ctx);
    case 'llm':
      return family.llm(spec, ctx);
    case 'tts':
      return family.tts(spec, ctx);
  }
}

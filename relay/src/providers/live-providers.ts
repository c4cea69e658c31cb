import type { ProviderInfo, ProviderOpsStatus, RelayWarning, StageReadiness } from '@parley/shared';
import { describeError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { ProviderPlan, Stage } from './config/provider-plan.ts';
import { EmbeddedEngines } from './embedded/embedded-engines.ts';
import { HeldAsrStream } from './held-asr-stream.ts';
import { ProviderSet } from './provider-set.ts';
import type { AsrProvider, AsrStartOptions, AsrStream } from './stages/asr.ts';
import type { LlmChain, LlmChainRequest } from './stages/llm.ts';
import type { Providers } from './stages/providers.ts';
import type { TtsChain, TtsChainRequest, TtsProvider } from './stages/tts.ts';

/** A provider set and what still uses it. */
interface Generation {
  readonly set: ProviderSet;
  /** Turns and provider calls running on it. */
  users: number;
  /** Replaced: closes once `users` is back to 0. */
  retired: boolean;
}

/** One use of a provider set; `release` is idempotent. */
export interface ProviderLease {
  readonly providers: ProviderSet;
  readonly release: () => void;
}

/**
 * The relay's providers, which an admin may replace while it runs: the {@link ProviderSet} new
 * turns use, swapped for another when the chains change (settings saved in the app, or by
 * another relay of the cluster). A turn pins the set it started on ({@link pin}) and finishes on
 * it; a provider call made outside a pinned turn (a recognition, a speculative answer) holds the
 * set it started on until it ends. A replaced set stops its health probes at once and closes
 * once nothing uses it any more. Status, readiness and metrics read the current set.
 *
 * Its `asr`, `llm` and `tts` are stable objects (a session keeps them for its whole life) that
 * forward each call to the set current when the call starts.
 */
export class LiveProviders implements Providers {
  readonly asr: AsrProvider;
  readonly llm: LlmChain;
  readonly tts: TtsChain;
  private gen: Generation;
  private readonly draining = new Set<Generation>();
  private readonly swapListeners: ((next: ProviderSet) => void)[] = [];
  private readonly closing: Promise<void>[] = [];
  private ownEngines: EmbeddedEngines | null;

  /**
   * @param engines the embedded engines `initial` was built with, owned from now on and shared
   *   with every set built later; null: sets built later start their own.
   */
  constructor(
    initial: ProviderSet,
    private readonly log: Logger,
    engines: EmbeddedEngines | null = null,
  ) {
    this.gen = { set: initial, users: 0, retired: false };
    this.ownEngines = engines;
    this.asr = this.forwardAsr();
    this.llm = this.forwardLlm();
    this.tts = this.forwardTts();
  }

  /** Starts the embedded engines and the providers `plan` names. */
  static async create(plan: ProviderPlan, log: Logger): Promise<LiveProviders> {
    const engines = new EmbeddedEngines(plan);
    try {
      return new LiveProviders(await ProviderSet.create(plan, log, engines), log, engines);
    } catch (err) {
      await engines.close();
      throw err;
    }
  }

  /** The embedded engines every set built here shares; null when sets start their own. */
  get engines(): EmbeddedEngines | null {
    return this.ownEngines;
  }

  /** The set new turns use. */
  get current(): ProviderSet {
    return this.gen.set;
  }

  /** Sets replaced but still finishing turns. */
  get drainingSets(): number {
    return this.draining.size;
  }

  get slots(): ProviderSet['slots'] {
    return this.gen.set.slots;
  }

  get monitor(): ProviderSet['monitor'] {
    return this.gen.set.monitor;
  }

  /** The embedded voice of the current set, for apologies when the LLM stage is down. */
  get fallbackVoice(): TtsProvider {
    return this.gen.set.fallbackVoice;
  }

  status(): ProviderOpsStatus[] {
    return this.gen.set.status();
  }

  readiness(): Record<Stage, StageReadiness> {
    return this.gen.set.readiness();
  }

  reset(providerId: string): boolean {
    return this.gen.set.reset(providerId);
  }

  /** What the current set serves without (see {@link ProviderSet.warnings}). */
  warnings(): RelayWarning[] {
    return this.gen.set.warnings();
  }

  /** Opens connections ahead to the current set's providers (see {@link ProviderSet.warm}). */
  warm(): void {
    this.gen.set.warm();
  }

  /** Builds (and warms) a set for `plan`, sharing the embedded engines; not in use until swapped. */
  build(plan: ProviderPlan): Promise<ProviderSet> {
    return this.ownEngines
      ? ProviderSet.create(plan, this.log, this.ownEngines)
      : ProviderSet.create(plan, this.log);
  }

  /**
   * New turns use `next` from now on. The set they used stops probing and closes once its turns
   * and calls have finished.
   */
  swap(next: ProviderSet): void {
    const old = this.gen;
    this.gen = { set: next, users: 0, retired: false };
    old.retired = true;
    this.draining.add(old);
    void old.set.monitor.stop();
    this.log.info(
      { users: old.users, providers: next.status().map((p) => p.id) },
      'provider chains replaced: new turns use the new ones',
    );
    this.settle(old);
    for (const listener of this.swapListeners) listener(next);
  }

  /** Calls `listener` with each new set, after it replaced the one before. */
  onSwap(listener: (next: ProviderSet) => void): void {
    this.swapListeners.push(listener);
  }

  /** Pins the current set for one turn: it stays open until `release`. */
  pin(): ProviderLease {
    const gen = this.gen;
    gen.users++;
    let released = false;
    return {
      providers: gen.set,
      release: () => {
        if (released) return;
        released = true;
        gen.users--;
        this.settle(gen);
      },
    };
  }

  /** Closes every set (the current one and those draining) and the embedded engines. */
  async close(): Promise<void> {
    const sets = [this.gen.set, ...[...this.draining].map((g) => g.set)];
    this.draining.clear();
    await Promise.allSettled([...sets.map((s) => s.close()), ...this.closing]);
    await this.ownEngines?.close();
    this.ownEngines = null;
  }

  private settle(gen: Generation): void {
    if (!gen.retired || gen.users > 0 || !this.draining.delete(gen)) return;
    this.closing.push(
      gen.set
        .close()
        .then(() => this.log.info('replaced provider chains closed: their turns are done'))
        .catch((err: unknown) =>
          this.log.warn({ err: describeError(err) }, 'closing replaced providers failed'),
        ),
    );
  }

  private forwardAsr(): AsrProvider {
    const pin = () => this.pin();
    const current = () => this.gen.set.asr;
    return {
      get info(): ProviderInfo {
        return current().info;
      },
      start(options: AsrStartOptions): AsrStream {
        const lease = pin();
        try {
          const stream = lease.providers.asr.start(options);
          return new HeldAsrStream(stream, options.signal, [lease.release]);
        } catch (err) {
          lease.release();
          throw err;
        }
      },
      close: () => Promise.resolve(),
    };
  }

  private forwardLlm(): LlmChain {
    const pin = () => this.pin();
    const current = () => this.gen.set.llm;
    return {
      get info(): ProviderInfo {
        return current().info;
      },
      async *stream(request: LlmChainRequest) {
        const lease = pin();
        try {
          yield* lease.providers.llm.stream(request);
        } finally {
          lease.release();
        }
      },
      close: () => Promise.resolve(),
    };
  }

  private forwardTts(): TtsChain {
    const pin = () => this.pin();
    const current = () => this.gen.set.tts;
    return {
      get info(): ProviderInfo {
        return current().info;
      },
      get sampleRateHz(): number {
        return current().sampleRateHz;
      },
      async *synthesize(request: TtsChainRequest) {
        const lease = pin();
        try {
          // A chain tells the rate it serves at (`onServed`): the set may have changed since the
          // caller read `sampleRateHz`.
          yield* lease.providers.tts.synthesize(request);
        } finally {
          lease.release();
        }
      },
      close: () => Promise.resolve(),
    };
  }
}

/**
 * The providers a turn runs on: the set current now, pinned until `release` when `providers`
 * can be replaced ({@link LiveProviders}); otherwise `providers` themselves.
 */
export function pinProviders(providers: Providers & { fallbackVoice?: TtsProvider }): {
  providers: Providers & { fallbackVoice?: TtsProvider };
  release: () => void;
} {
  if (providers instanceof LiveProviders) return providers.pin();
  return { providers, release: () => undefined };
}

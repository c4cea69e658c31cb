import {
  kindInfoOf,
  needsModel,
  STAGES,
  type AssistantSettingsUpdate,
  type AssistantSettingsView,
  type ChainSource,
  type DetectedServer,
  type ProviderEntryInput,
  type Stage,
  type StageTestResult,
} from '@parley/shared';
import { describeError, RelayError } from '../errors.ts';
import type { Env } from '../env/read-env.ts';
import type { Logger } from '../log/logger.ts';
import type { ProviderPlan, ProviderSpec } from '../providers/config/provider-plan.ts';
import {
  planWithSaved,
  problemsOfSaved,
  specsOfSaved,
  type SavedChains,
} from '../providers/config/saved-chains.ts';
import { EmbeddedEngines } from '../providers/embedded/embedded-engines.ts';
import type { LiveProviders } from '../providers/live-providers.ts';
import { scrubSecrets } from '../secrets/secret-scrub.ts';
import type { ProviderSet } from '../providers/provider-set.ts';
import { familyOf, settingsKindInfos } from '../providers/provider-kinds.ts';
import { ESPEAK_NG_KIND } from '../providers/embedded/espeak/espeak-kind.ts';
import type { ProviderSettingsStore } from '../storage/provider-settings.ts';
import { detectLocalServers } from './local-servers.ts';
import { listModels } from './model-lists.ts';
import { modelsForStage } from './stage-models.ts';
import { plainWords } from './plain-words.ts';
import type { SecretBox } from '../secrets/secret-box.ts';
import type { ProviderSettingsConfig } from './settings-config.ts';
import { testStage } from './stage-test.ts';
import {
  openStored,
  keepsKeyOf,
  parseStored,
  sealUpdate,
  serializeStored,
  viewOfSpec,
  viewOfStored,
  type StoredChains,
} from './stored-chains.ts';

/** How long a model list may take (ms). */
const MODELS_TIMEOUT_MS = 10_000;

/** The stages whose chain the environment sets (`ASR_PROVIDERS`…, blank = unset). */
export function stagesSetByEnv(env: Env): ReadonlySet<Stage> {
  return new Set(STAGES.filter((s) => (env[`${s.toUpperCase()}_PROVIDERS`]?.trim() ?? '') !== ''));
}

export interface ProviderSettingsDeps {
  /** The plan the environment gives (timeouts, prompt, and the chains it sets). */
  basePlan: ProviderPlan;
  /** Stages whose chain the environment sets: those win over saved ones. */
  envStages: ReadonlySet<Stage>;
  store: ProviderSettingsStore;
  /** Seals and opens saved keys; null: none can be saved (jwt mode without `SETTINGS_KEY`). */
  box: SecretBox | null;
  providers: LiveProviders;
  config: ProviderSettingsConfig;
  log: Logger;
}

/**
 * The provider chains saved from the app: shown (keys masked), validated and saved, applied to
 * new turns without a restart, and picked up from the database when another relay saved them
 * (polled). Environment variables win: a stage whose `*_PROVIDERS` is set keeps it.
 */
export class ProviderSettings {
  /** `updated_at` of the saved settings in use (null: none saved). */
  private appliedAt: number | null = null;
  private stored: StoredChains | null = null;
  /** Saves and applies, one at a time. */
  private queue: Promise<unknown> = Promise.resolve();
  private poller: NodeJS.Timeout | null = null;
  /** The plan of the chains in use. */
  private plan: ProviderPlan;

  constructor(private readonly d: ProviderSettingsDeps) {
    this.plan = d.basePlan;
  }

  /**
   * Applies the saved chains (if any) and starts watching for changes; looks for local servers
   * once (logged).
   */
  async start(): Promise<void> {
    // Saved chains that cannot start (a server gone, a key unreadable) must not keep the relay
    // down: it starts on the environment's, and says why.
    await this.refresh().catch((err: unknown) =>
      this.d.log.error(
        { err: describeError(err) },
        'the saved provider settings cannot be used: running on the environment’s',
      ),
    );
    this.poller = setInterval(
      () =>
        void this.refresh().catch((err: unknown) =>
          this.d.log.warn(
            { err: describeError(err) },
            'checking for saved provider settings failed',
          ),
        ),
      this.d.config.pollMs,
    );
    this.poller.unref();
    void this.detect().then((servers) => {
      if (servers.length > 0)
        this.d.log.info(
          { servers: servers.map((s) => ({ server: s.server, baseUrl: s.baseUrl })) },
          'local model servers answer: offered in the settings',
        );
    });
  }

  stop(): Promise<unknown> {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    return this.queue;
  }

  /** The chains in use per stage, where each comes from, and when they were saved. */
  view(): AssistantSettingsView {
    const source = (stage: Stage): ChainSource =>
      this.d.envStages.has(stage) ? 'environment' : this.stored ? 'saved' : 'default';
    const chain = (stage: Stage) =>
      source(stage) === 'saved' && this.stored
        ? this.stored[stage].map(viewOfStored)
        : this.d.basePlan[stage].map(viewOfSpec);
    return {
      chains: { asr: chain('asr'), llm: chain('llm'), tts: chain('tts') },
      kinds: settingsKindInfos().filter((k) => this.offers(k.kind)),
      source: { asr: source('asr'), llm: source('llm'), tts: source('tts') },
      updatedAt: this.appliedAt,
      warnings: this.d.providers.warnings(),
    };
  }

  /** Whether the settings offer `kind`: eSpeak NG not where the operator left it out. */
  private offers(kind: string): boolean {
    return kind !== ESPEAK_NG_KIND || this.d.basePlan.espeakNg !== 'off';
  }

  /**
   * Validates `update` (every problem named, as the environment's are), stores it (keys sealed)
   * and applies it: new turns use it, turns in flight finish on the chains they started on.
   */
  save(update: AssistantSettingsUpdate): Promise<AssistantSettingsView> {
    return this.serially(async () => {
      const previous = await this.readStored();
      const sealed = sealUpdate(update, previous, this.d.box);
      const { chains, unreadable } = openStored(sealed, this.d.box);
      const problems = problemsOfSaved(chains, this.d.basePlan.kindAddresses);
      for (const entry of chains.tts)
        if (!this.offers(entry.kind))
          problems.push(`${entry.kind} is left out of this relay (ESPEAK_NG=off)`);
      if (unreadable.length > 0)
        problems.push(
          `the saved key of ${unreadable.join(', ')} cannot be read with this SETTINGS_KEY: enter it again`,
        );
      if (problems.length > 0) throw RelayError.invalidSettings(problems);
      const next = await this.prepare(chains);
      const updatedAt = await this.d.store
        .put(serializeStored(sealed))
        .catch(async (err: unknown) => {
          await next.set?.close();
          throw err;
        });
      this.commit(sealed, updatedAt, next);
      this.d.log.info(
        {
          chains: Object.fromEntries(STAGES.map((s) => [s, sealed[s].map((e) => e.id)])),
          environmentWins: [...this.d.envStages],
        },
        'provider settings saved',
      );
      return this.view();
    });
  }

  /** Looks for local OpenAI-compatible servers (again). */
  detect(): Promise<DetectedServer[]> {
    return detectLocalServers(this.d.config.localServerProbes);
  }

  /** The models the provider of `entry` offers for `stage` (its key, or the one saved). */
  async models(stage: Stage, entry: ProviderEntryInput): Promise<string[]> {
    const listed = await this.askModels(stage, entry);
    if (!listed.ok) throw RelayError.providerAnswered(stage, listed.message);
    return listed.models;
  }

  /** The provider's model list for `entry`, or why it could not be had, in plain words. */
  private async askModels(
    stage: Stage,
    entry: ProviderEntryInput,
  ): Promise<{ ok: true; models: string[] } | { ok: false; message: string; status?: number }> {
    const spec = await this.specFor(stage, entry, true);
    try {
      const all = await listModels(spec, AbortSignal.timeout(MODELS_TIMEOUT_MS));
      return { ok: true, models: modelsForStage(stage, all) };
    } catch (err) {
      const { apiKey } = spec;
      // The caller gets plain words; what the server said is for the operator's log.
      this.d.log.warn(
        {
          stage,
          provider: entry.id,
          err: scrubSecrets(describeError(err), apiKey === undefined ? [] : [apiKey]),
        },
        'a provider’s model list could not be had',
      );
      return {
        ok: false,
        ...plainWords(err, {
          baseUrl: spec.baseUrl ?? 'the relay',
          apiKey,
          timeoutMs: MODELS_TIMEOUT_MS,
          openAiCompatible: familyOf(spec).openAiCompatible,
        }),
      };
    }
  }

  /** A real, minimal request to the provider of `entry` for `stage`. */
  async test(stage: Stage, entry: ProviderEntryInput): Promise<StageTestResult> {
    // A provider without a model chosen yet, and no default one: its model list tests the
    // address and the key.
    const info = kindInfoOf(settingsKindInfos(), entry.kind);
    if (entry.model === undefined && info && needsModel(info, stage))
      return this.testByModelList(stage, entry);
    const spec = await this.specFor(stage, entry, false);
    // A relay around providers built by its caller has no engines of its own: borrow some.
    const engines = this.d.providers.engines ?? new EmbeddedEngines(this.d.basePlan);
    try {
      return await testStage(stage, spec, {
        plan: this.d.basePlan,
        engines,
        voice: this.d.providers.fallbackVoice,
        log: this.d.log,
      });
    } finally {
      if (engines !== this.d.providers.engines) await engines.close();
    }
  }

  /** Asks the server of `entry` for its models: it answers, and takes the key, or says why not. */
  private async testByModelList(stage: Stage, entry: ProviderEntryInput): Promise<StageTestResult> {
    const started = performance.now();
    const listed = await this.askModels(stage, entry);
    if (!listed.ok) return listed;
    const n = listed.models.length;
    return {
      ok: true,
      latencyMs: Math.round(performance.now() - started),
      detail: `the server answers with ${n} model${n === 1 ? '' : 's'}: choose one, then test it`,
    };
  }

  /** Checks the database for settings saved by another relay (or at start) and applies them. */
  refresh(): Promise<void> {
    return this.serially(async () => {
      const at = await this.d.store.updatedAt();
      if (at === null || at === this.appliedAt) return;
      const stored = await this.readStored();
      if (!stored) return;
      const { chains, unreadable } = openStored(stored, this.d.box);
      if (unreadable.length > 0)
        this.d.log.error(
          { providers: unreadable },
          'saved API keys cannot be read (SETTINGS_KEY differs from the one that saved them): enter them again in the settings',
        );
      this.commit(stored, at, await this.prepare(chains));
    });
  }

  /** The spec of one entry, its key taken from the saved chains when not given. */
  private async specFor(
    stage: Stage,
    entry: ProviderEntryInput,
    anyModel: boolean,
  ): Promise<ProviderSpec> {
    let apiKey = typeof entry.apiKey === 'string' ? entry.apiKey : undefined;
    if (entry.apiKey === undefined) {
      const stored = await this.readStored();
      const saved = stored ? openStored(stored, this.d.box).chains[stage] : [];
      apiKey = saved.find((e) => keepsKeyOf(e, entry))?.apiKey;
    }
    const model = entry.model ?? (anyModel ? '-' : undefined);
    const { specs, problems } = specsOfSaved(
      stage,
      [{ id: entry.id, kind: entry.kind, baseUrl: entry.baseUrl, model, apiKey }],
      this.d.basePlan.kindAddresses,
    );
    const spec = specs[0];
    if (problems.length > 0 || !spec) throw RelayError.invalidSettings(problems);
    return spec;
  }

  private async readStored(): Promise<StoredChains | null> {
    const row = await this.d.store.get();
    if (!row) return null;
    const stored = parseStored(row.chains);
    if (!stored) this.d.log.error('the saved provider settings are not readable: ignored');
    return stored;
  }

  /**
   * The provider set for `chains` in the stages the environment leaves free, built and warm;
   * null when the chains in use are those already.
   */
  private async prepare(
    chains: SavedChains,
  ): Promise<{ plan: ProviderPlan; set: ProviderSet | null }> {
    const free: Partial<SavedChains> = {};
    for (const stage of STAGES) if (!this.d.envStages.has(stage)) free[stage] = chains[stage];
    const { plan, problems } = planWithSaved(this.d.basePlan, free);
    if (problems.length > 0)
      this.d.log.error(
        { problems },
        'saved provider settings cannot be used for some stages: they keep the environment’s',
      );
    if (STAGES.every((s) => JSON.stringify(plan[s]) === JSON.stringify(this.plan[s])))
      return { plan, set: null };
    try {
      return { plan, set: await this.d.providers.build(plan) };
    } catch (err) {
      this.d.log.error({ err: describeError(err) }, 'the saved provider chains could not start');
      throw RelayError.invalidSettings([`the providers could not start: ${describeError(err)}`]);
    }
  }

  /** New turns use `next` (when there is one); the view shows `stored`. */
  private commit(
    stored: StoredChains,
    at: number,
    next: { plan: ProviderPlan; set: ProviderSet | null },
  ): void {
    this.stored = stored;
    this.appliedAt = at;
    this.plan = next.plan;
    if (next.set) this.d.providers.swap(next.set);
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

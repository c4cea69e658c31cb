import type { z } from 'zod';
import { describeIssues, withoutBlanks, type Env } from '../../env/read-env.ts';
import type { EngineSettings } from './engine-settings.ts';

/** An engine as the relay holds it: it closes with the relay. */
export interface Engine {
  close(): Promise<void>;
}

/**
 * What every engine may read of the relay's plan (`ProviderPlan`): its deadline and the settings
 * of the relay's own voices and recogniser. An engine's own settings are read with the plan
 * ({@link EngineDef.configure}) into `engineSettings`.
 */
export interface EnginePlan {
  /** Flite's voice (`TTS_VOICE`). */
  ttsVoice: 'slt' | 'rms' | 'awb' | 'kal16';
  /** Fresh PocketSphinx decoders kept loaded for new speakers (`POCKETSPHINX_SPARES`). */
  pocketsphinxSpares: number;
  /** The final transcript's deadline (ms; `ASR_FINAL_TIMEOUT_S`). */
  timeouts?: { asrFinalMs: number };
  /** Whether eSpeak NG may be loaded (`ESPEAK_NG`); absent: on. */
  espeakNg?: 'on' | 'off';
  /** Each engine's own settings; absent: each runs with its defaults. */
  engineSettings?: EngineSettings;
}

/** The relay's own engines, which every provider set shares: each started on first use. */
export interface EngineSource {
  /** The engine `def` describes, started the first time it is asked for, then the same one. */
  engine<E extends Engine>(def: EngineDef<E>): E;
}

/** Where engines start: it owns, warms and closes each one it is told of. */
export interface EngineHost extends EngineSource {
  readonly plan: EnginePlan;
  /** Told of an engine just started, and of its warming up (resolves once warm). */
  adopt(engine: Engine, warming: Promise<unknown> | undefined): void;
}

/**
 * An engine the relay runs itself (a recogniser, a voice): started once, on first use, and
 * shared by every provider set. Declared in its folder with {@link defineEngine}; a kind's
 * adapter asks for it with `ctx.engines.engine(DEF)`, and the kind lists it (`inRelay`) so that
 * its settings are read with the plan.
 */
export interface EngineDef<E extends Engine> {
  /** What logs and errors call it. */
  readonly name: string;
  /** Reads its settings from `env` into `into`; throws an Error naming each bad variable. */
  configure(into: EngineSettings, env: Env): void;
  /** The engine of `host`: started (and adopted) the first time, then the same one. */
  of(host: EngineHost): E;
}

/** What an engine's folder says of it. */
export interface EngineSpec<E extends Engine, S> {
  name: string;
  /** Its settings from the environment (blanks unset); with `{}`, its defaults. */
  settings(env: Env): S;
  /** Starts it: `host` gives the plan and the other engines (Moonshine's listener). */
  start(settings: S, host: EngineHost): E;
  /** Resolves once it is warm; a rejection fails the provider set's start. Absent: warm once started. */
  warm?(engine: E): Promise<unknown>;
}

/** The engine `spec` describes, one per host. */
export function defineEngine<E extends Engine, S>(spec: EngineSpec<E, S>): EngineDef<E> {
  const settings = new WeakMap<EngineSettings, { value: S }>();
  const started = new WeakMap<EngineHost, E>();
  return {
    name: spec.name,
    configure: (into, env) => {
      settings.set(into, { value: spec.settings(env) });
      into.engines.add(spec.name);
    },
    of: (host) => {
      const had = started.get(host);
      if (had) return had;
      const read = host.plan.engineSettings && settings.get(host.plan.engineSettings);
      const engine = spec.start(read ? read.value : spec.settings({}), host);
      started.set(host, engine);
      host.adopt(engine, spec.warm?.(engine));
      return engine;
    },
  };
}

/** `schema`'s reading of `env` (blank variables unset); throws an Error naming each bad one. */
export function engineEnv<S extends z.ZodType>(schema: S, env: Env): z.output<S> {
  const parsed = schema.safeParse(withoutBlanks(env));
  if (!parsed.success) throw new Error(describeIssues(parsed.error).join('; '));
  return parsed.data;
}

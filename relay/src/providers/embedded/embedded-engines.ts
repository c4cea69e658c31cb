import type { Engine, EngineDef, EngineHost, EnginePlan } from '../kinds/engine.ts';
import { ESPEAK_ENGINE } from './espeak/espeak-engine.ts';
import { EspeakTts } from './espeak/espeak.ts';
import { FLITE_ENGINE } from './flite/flite-engine.ts';
import type { FliteTts } from './flite/flite.ts';

/**
 * The relay's in-process speech engines, each declared in its folder (`defineEngine`) and started
 * the first time a chain asks for it (`engine(DEF)`), Flite always (it also speaks the apologies
 * when the LLM stage is down). Costly to start (a WebAssembly compile, a decoder process or a
 * model per worker: docs/configuring.md), so every provider set built while the relay runs
 * shares one: a new chain saved from the app starts in milliseconds and holds no second copy
 * while the old one drains.
 */
export class EmbeddedEngines implements EngineHost {
  private readonly started: Engine[] = [];
  private readonly warming: Promise<unknown>[] = [];

  constructor(readonly plan: EnginePlan) {
    this.engine(FLITE_ENGINE);
  }

  engine<E extends Engine>(def: EngineDef<E>): E {
    return def.of(this);
  }

  adopt(engine: Engine, warming: Promise<unknown> | undefined): void {
    this.started.push(engine);
    if (warming) this.warming.push(warming);
  }

  /** The embedded voice (always warm). */
  get flite(): FliteTts {
    return this.engine(FLITE_ENGINE);
  }

  /** Whether eSpeak NG may be loaded here (`ESPEAK_NG`, on unless set off). */
  get hasEspeak(): boolean {
    return this.plan.espeakNg !== 'off';
  }

  /**
   * eSpeak NG, the voice of the languages Flite does not speak. Throws where it is left out
   * ({@link hasEspeak}).
   */
  espeak(): EspeakTts {
    return this.engine(ESPEAK_ENGINE);
  }

  /** Whether `voice` is {@link espeak}'s (started or not). */
  isEspeak(voice: object): boolean {
    return voice instanceof EspeakTts;
  }

  /** Whether `provider` is one of these engines (not to be closed with a provider set). */
  owns(provider: object): boolean {
    return this.started.some((engine) => engine === provider);
  }

  /** Resolves when every engine started so far is warm. */
  async ready(): Promise<void> {
    await Promise.all(this.warming);
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.started.map((engine) => engine.close()));
  }
}

import { PocketSphinxAsr } from './pocketsphinx/pocketsphinx.ts';
import type { ProviderPlan } from '../config/provider-plan.ts';
import { EspeakTts } from './espeak/espeak.ts';
import { FliteTts } from './flite/flite.ts';
import { MoonshineAsr } from './moonshine/moonshine.ts';

/**
 * The relay's in-process speech engines: Flite (always: it also speaks the apologies when the
 * LLM stage is down), PocketSphinx, Moonshine and eSpeak NG (each loaded the first time a chain
 * asks for it). Costly to start (a WebAssembly compile, ~100 MB per decoder, ~300 MB for Moonshine), so
 * every provider set built while the relay runs shares one: a new chain saved from the app
 * starts in milliseconds and holds no second copy while the old one drains.
 */
export class EmbeddedEngines {
  readonly flite: FliteTts;
  private sphinx: PocketSphinxAsr | null = null;
  private moonshineAsr: MoonshineAsr | null = null;
  private espeakTts: EspeakTts | null = null;
  private readonly warming: Promise<unknown>[] = [];

  constructor(
    private readonly plan: Pick<ProviderPlan, 'ttsVoice' | 'pocketsphinxSpares'> &
      Partial<Pick<ProviderPlan, 'moonshine' | 'timeouts' | 'espeakNg'>>,
  ) {
    this.flite = new FliteTts({ voice: plan.ttsVoice });
    this.warming.push(this.flite.ready());
  }

  /** The embedded recogniser, started on first use. */
  recogniser(): PocketSphinxAsr {
    if (!this.sphinx) {
      this.sphinx = new PocketSphinxAsr({ poolSize: this.plan.pocketsphinxSpares });
      this.warming.push(this.sphinx.ready());
    }
    return this.sphinx;
  }

  /** Moonshine (a chain asked for it) with PocketSphinx listening, loaded on first use. */
  moonshine(): MoonshineAsr {
    if (!this.moonshineAsr) {
      // It writes the words; PocketSphinx listens (see ListenedStream). A reading an answer
      // waits on waits for a worker at most half the final's deadline: then the listener's words
      // stand in, well before the deadline would count against Moonshine.
      const finalMs = this.plan.timeouts?.asrFinalMs;
      this.moonshineAsr = new MoonshineAsr({
        ...this.plan.moonshine,
        ...(finalMs === undefined ? {} : { maxFinalWaitMs: finalMs / 2 }),
        listener: this.recogniser(),
      });
      this.warming.push(this.moonshineAsr.ready().catch(() => undefined));
    }
    return this.moonshineAsr;
  }

  /** Whether eSpeak NG may be loaded here (`ESPEAK_NG`, on unless set off). */
  get hasEspeak(): boolean {
    return this.plan.espeakNg !== 'off';
  }

  /**
   * eSpeak NG, the offline voice of Dutch and other languages. Its engine loads with the first
   * text it is given: a relay whose users all speak English never loads it. Throws where it is
   * left out ({@link hasEspeak}): nothing then imports its package.
   */
  espeak(): EspeakTts {
    if (!this.hasEspeak) throw new Error('eSpeak NG is left out of this relay (ESPEAK_NG=off)');
    this.espeakTts ??= new EspeakTts({ warm: false });
    return this.espeakTts;
  }

  /** Whether `voice` is {@link espeak}'s (started or not). */
  isEspeak(voice: object): boolean {
    return voice instanceof EspeakTts;
  }

  /** Whether `provider` is one of these engines (not to be closed with a provider set). */
  owns(provider: object): boolean {
    return (
      provider === this.flite ||
      provider === this.sphinx ||
      provider === this.moonshineAsr ||
      provider === this.espeakTts
    );
  }

  /** Resolves when every engine started so far is warm. */
  async ready(): Promise<void> {
    await Promise.all(this.warming);
  }

  async close(): Promise<void> {
    await Promise.allSettled([
      this.flite.close(),
      this.sphinx?.close(),
      this.moonshineAsr?.close(),
      this.espeakTts?.close(),
    ]);
  }
}

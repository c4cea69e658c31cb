import type {
  LlmChain,
  LlmChainRequest,
  LlmOutput,
  Providers,
  TtsProvider,
} from '../providers/types.ts';
import type { Toolbox } from '../tools/toolbox.ts';

type TurnProviders = Providers & { fallbackVoice?: TtsProvider };

/**
 * A turn's language model with the turn's tools handed to every request (`toolbox`), for a
 * provider that runs tools itself (the offline responder); a model ignores it. Forwards the rest
 * as it is.
 */
export class ToolboxLlm implements LlmChain {
  constructor(
    private readonly inner: LlmChain,
    private readonly toolbox: Toolbox,
  ) {}

  get info() {
    return this.inner.info;
  }

  stream(request: LlmChainRequest): AsyncIterable<LlmOutput> {
    return this.inner.stream({ ...request, toolbox: this.toolbox });
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** The same for a speculative answer: a tool that changes anything waits for `final`. */
  until(final: Promise<void>): ToolboxLlm {
    return new ToolboxLlm(this.inner, this.toolbox.until(final));
  }
}

/** `providers` (read now: a turn's are pinned) whose language model hands out `toolbox`. */
export function withToolbox(providers: TurnProviders, toolbox: Toolbox): TurnProviders {
  return {
    asr: providers.asr,
    llm: new ToolboxLlm(providers.llm, toolbox),
    tts: providers.tts,
    ...(providers.fallbackVoice ? { fallbackVoice: providers.fallbackVoice } : {}),
  };
}

/** The providers of a speculative answer: its tools wait for its promotion (`final`). */
export function speculativeProviders(
  providers: TurnProviders,
  final: Promise<void>,
): TurnProviders {
  return providers.llm instanceof ToolboxLlm
    ? { ...providers, llm: providers.llm.until(final) }
    : providers;
}

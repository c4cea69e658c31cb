import type { LlmChain, LlmChainRequest, LlmOutput } from '../../providers/stages/llm.ts';
import type { Providers } from '../../providers/stages/providers.ts';
import type { TtsProvider } from '../../providers/stages/tts.ts';
import { promptFromRecall } from '../../tools/builtin/note-tools.ts';
import type { Toolbox } from '../../tools/toolbox.ts';

type TurnProviders = Providers & { fallbackVoice?: TtsProvider };

/** The built-in tool whose notes go into the prompt. */
const RECALL_NOTES = 'recall_notes';

/**
 * A turn's language model with the turn's tools handed to every request (`toolbox`), for a
 * provider that runs tools itself (the offline responder); a model ignores it. Every request
 * also carries what the user asked to be remembered (`memory`, their newest notes, read once
 * per turn through the toolbox: none when the turn has no notes tool), which a model reads in
 * its system prompt. Forwards the rest as it is.
 */
export class ToolboxLlm implements LlmChain {
  private memory: Promise<string | null> | null = null;

  constructor(
    private readonly inner: LlmChain,
    private readonly toolbox: Toolbox,
  ) {}

  get info() {
    return this.inner.info;
  }

  async *stream(request: LlmChainRequest): AsyncGenerator<LlmOutput, void, undefined> {
    const memory = await this.remembered(request.signal);
    request.signal.throwIfAborted();
    yield* this.inner.stream({
      ...request,
      toolbox: this.toolbox,
      ...(memory === null ? {} : { memory }),
    });
  }

  /** The user's notes for the prompt, read at the turn's first request (null: none). */
  private remembered(signal: AbortSignal): Promise<string | null> {
    // A turn without them is still answered: notes that cannot be read are left out.
    this.memory ??= this.toolbox
      .run(RECALL_NOTES, {}, signal)
      .then(promptFromRecall)
      .catch(() => null);
    return this.memory;
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

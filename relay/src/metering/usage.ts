import type { ChatMessage, LlmOutput } from '../providers/stages/llm.ts';
import { ChainCall, type CallOutcome } from './call-billing.ts';

/**
 * What one provider call consumed, in the units providers bill by. One record per provider call
 * that a provider served (an utterance recognised, an LLM request, a sentence synthesised),
 * whether it completed, was cancelled, or was speculative work thrown away: all of it was paid
 * for. A call that failed before the provider served anything is not recorded (see
 * `call-billing.ts`).
 */
import type { Stage } from '@parley/shared';

export type { Stage };

interface UsageCommon {
  /** `ProviderInfo.id` of the provider that did the work; the key into the pricing table. */
  providerId: string;
  /** Started ahead of need (e.g. an LLM call on a partial transcript); metered all the same. */
  speculative: boolean;
}

export interface AsrUsage extends UsageCommon {
  stage: 'asr';
  /** Audio the provider received (ms), also when the utterance was cancelled. */
  audioMs: number;
}

export interface LlmUsage extends UsageCommon {
  stage: 'llm';
  inputTokens: number;
  outputTokens: number;
  /** True when the counts are {@link estimateTokens} estimates, not the provider's report. */
  estimated: boolean;
}

export interface TtsUsage extends UsageCommon {
  stage: 'tts';
  /** Characters (Unicode code points) of text sent for synthesis. */
  characters: number;
}

export type Usage = AsrUsage | LlmUsage | TtsUsage;

/** Identifies one provider call, so that reporting it twice counts it once. */
export interface UsageId {
  sessionId: string;
  turnId: number;
  stage: Stage;
  /**
   * Distinguishes the calls of one stage within a turn: e.g. 0 for the LLM request, 1 for a
   * speculative one; the sentence index for TTS. Promoting a speculative call to the real answer
   * keeps its `seq` (it is still the same call).
   */
  seq: number;
}

/** The idempotency key of a usage record: `${sessionId}:${turnId}:${stage}:${seq}`. */
export function usageKey(id: UsageId): string {
  return `${id.sessionId}:${id.turnId}:${id.stage}:${id.seq}`;
}

/**
 * Bytes of UTF-8 per token assumed by {@link estimateTokens}. English BPE tokenizers average about
 * four characters per token; counting bytes rather than characters keeps the estimate from
 * falling far short for scripts such as Chinese, where one character is ~1 token and 3 bytes.
 */
const BYTES_PER_TOKEN = 4;

/** Tokens added per chat message for role and separators (OpenAI's published rule of thumb). */
const TOKENS_PER_MESSAGE = 4;

const utf8 = new TextEncoder();

/**
 * A rough token count for `text`: ⌈UTF-8 bytes / 4⌉. Only for providers that report no usage;
 * expect ±30 % against a real tokenizer.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(utf8.encode(text).length / BYTES_PER_TOKEN);
}

/** Estimated input tokens of a chat request: each message's text plus its framing. */
export function estimatePromptTokens(messages: readonly ChatMessage[]): number {
  let tokens = 2; // the reply's priming
  for (const m of messages) {
    tokens += TOKENS_PER_MESSAGE + estimateTokens(m.content);
    if (m.role === 'assistant')
      for (const call of m.toolCalls ?? []) tokens += estimateTokens(call.name + call.arguments);
  }
  return tokens;
}

/** Characters of text sent to TTS, counted as code points (what per-character prices count). */
export function countCharacters(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // The low half of a surrogate pair belongs to the character its high half started.
    if (unit < 0xdc00 || unit > 0xdfff) n++;
  }
  return n;
}

/** Usage of one recognised (or abandoned) utterance: `audioMs` of audio sent to the provider. */
export function asrUsage(providerId: string, audioMs: number, speculative = false): AsrUsage {
  return { stage: 'asr', providerId, speculative, audioMs };
}

/** Usage of synthesising `text` (one sentence or segment). */
export function ttsUsage(providerId: string, text: string, speculative = false): TtsUsage {
  return { stage: 'tts', providerId, speculative, characters: countCharacters(text) };
}

/**
 * Follows one LLM stream and says what it used, and who is billed for it. Feed it every
 * {@link LlmOutput} as it passes, and what the failover chain reports (`attempt`, `servedBy`,
 * `prompt`); `usage()` may be called at any point, including after an abort:
 * - when the provider reported usage, its latest report wins (some providers report running
 *   totals; the last is the complete one) and `estimated` is false;
 * - otherwise input is estimated from what was sent (system prompt included, when the provider
 *   said what it sent) and output from the text streamed so far;
 * - a call that failed before any output bills nobody (null).
 */
export class LlmUsageCounter {
  private readonly call: ChainCall;
  private reported: { inputTokens: number; outputTokens: number } | null = null;
  private text = '';
  private sent: readonly ChatMessage[];

  /**
   * @param assumedProviderId Billed when no chain reports who it asked (a single provider).
   * @param prompt The conversation the request carries (before the provider adds its system
   *   prompt).
   */
  constructor(
    assumedProviderId: string,
    private readonly prompt: readonly ChatMessage[],
    private readonly speculative = false,
  ) {
    this.call = new ChainCall(assumedProviderId);
    this.sent = prompt;
  }

  /** The chain asks `providerId`: what came from an earlier provider is not its usage. */
  attempt(providerId: string): void {
    this.call.attempt(providerId);
    this.sent = this.prompt;
    this.reported = null;
    this.text = '';
  }

  /** The provider asked last sends these messages (its system prompt included). */
  promptSent(messages: readonly ChatMessage[]): void {
    this.sent = messages;
  }

  /** `providerId` produced the output (failover may have moved on from the primary). */
  servedBy(providerId: string): void {
    this.call.serve(providerId);
  }

  observe(event: LlmOutput): void {
    switch (event.type) {
      case 'text':
        this.text += event.text;
        return;
      case 'tool-call':
        // A call is output the model wrote, billed as its text is.
        this.text += event.name + event.arguments;
        return;
      case 'usage':
        this.reported = { inputTokens: event.inputTokens, outputTokens: event.outputTokens };
        return;
    }
  }

  /** What the call used, billed to whom, when it ended with `outcome`; null: nobody pays. */
  usage(outcome: CallOutcome = 'done'): LlmUsage | null {
    const providerId = this.call.billedTo(outcome);
    if (providerId === null) return null;
    const common = { stage: 'llm' as const, providerId, speculative: this.speculative };
    if (this.reported) return { ...common, ...this.reported, estimated: false };
    return {
      ...common,
      inputTokens: estimatePromptTokens(this.sent),
      outputTokens: estimateTokens(this.text),
      estimated: true,
    };
  }
}

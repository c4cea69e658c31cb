import type { ProviderFailure, ProviderInfo } from '@parley/shared';
import type { ToolRunRecorder, ToolSpec } from '../../tools/tool.ts';
import type { Toolbox } from '../../tools/toolbox.ts';
import type { TurnFailures } from './common.ts';

/**
 * A tool the model asked to run (issue 48): the provider's id for the call (its result refers to
 * it), the tool's name, and its arguments as the model wrote them — JSON text, unparsed and
 * unchecked: the turn parses and checks them, and tells the model in words when they are wrong.
 */
export interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

/**
 * One message of a conversation. An assistant message may carry the tool calls the model made
 * (its `content` then is the text it wrote before them, often empty); a `tool` message is the
 * result of one of them, by its call id, as text the model reads (`isError`: the call failed, and
 * `content` says how in plain words).
 */
export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls?: readonly ToolCall[] }
  | { role: 'tool'; callId: string; name: string; content: string; isError?: boolean };

/**
 * What an LLM answers: text as it is generated, the tools it calls (each once its arguments are
 * complete), and usage when the provider reports it.
 */
export type LlmOutput =
  | { type: 'text'; text: string }
  | ({ type: 'tool-call' } & ToolCall)
  | { type: 'usage'; inputTokens: number; outputTokens: number };

/**
 * What an LLM adapter yields: its output; before it what it sends (`prompt`: the messages, its
 * system prompt included), from which input tokens are estimated when no usage comes (a reply
 * broken off before its usage chunk); and `progress` while it reads a tool call's arguments,
 * which are no output until complete but show the stream is alive (a failover chain's deadlines
 * count them). A failover chain tells its caller's `onPrompt` of the prompt and passes only the
 * output on.
 */
export type LlmEvent =
  LlmOutput | { type: 'prompt'; messages: readonly ChatMessage[] } | { type: 'progress' };

/**
 * How a user wants to be answered (their preferences), for one request: added to the provider's
 * system prompt, with its spoken-reply rules (see `systemPromptFor`).
 */
export interface ReplyStyle {
  /** Who the assistant is, how long its replies are and in which language (prompt text). */
  instructions: string;
  /** Most tokens a reply may have; the provider's configured maximum still caps it. */
  maxTokens: number;
}

/** What an LLM adapter is asked. */
export interface LlmRequest {
  messages: readonly ChatMessage[];
  /** The user's persona, reply length and language; absent: the provider's configured prompt. */
  style?: ReplyStyle;
  /** The user's IANA time zone, when known. */
  timeZone?: string;
  /**
   * The conversation's language (BCP 47, the user's preference, e.g. `nl`), for a provider that
   * answers in words of its own (the offline responder). Absent: English.
   */
  language?: string;
  /**
   * What the user asked the assistant to remember (their newest notes, as a paragraph), for the
   * system prompt: a model knows them in every conversation without a tool round. Absent: none.
   */
  memory?: string;
  /**
   * Tools the model may call (issue 48); absent or empty: none. An adapter whose provider has no
   * tool calls ignores them (and the model answers in words).
   */
  tools?: readonly ToolSpec[];
  /**
   * The turn's tools bound to its user, for a provider that runs tools itself (the offline
   * responder, which has no model to call them). Absent: the turn has none.
   */
  toolbox?: Toolbox;
  /** Records the tools a provider runs itself, as the turn records a model's calls. */
  toolRuns?: ToolRunRecorder;
  /** Aborting closes the upstream request; the iterable then ends or throws an AbortError. */
  signal: AbortSignal;
}

/**
 * What a failover chain of LLMs is asked: the request its providers get, and its caller's hooks
 * into the chain's failover and metering (no adapter sees them).
 */
export interface LlmChainRequest extends LlmRequest {
  /** Told which provider answered (a failover chain may use another than its primary). */
  onServed?: (provider: ProviderInfo) => void;
  /** Told of each provider a failover chain asks, in order, before its request goes out. */
  onAttempt?: (provider: ProviderInfo) => void;
  /**
   * Told of each provider a failover chain passed over (it failed, or was skipped as failing),
   * with its failure's kind and HTTP status.
   */
  onPassedOver?: (
    provider: ProviderInfo,
    failure: Pick<ProviderFailure, 'kind' | 'status'>,
  ) => void;
  /**
   * Told what the provider asked sends (its system prompt included), as it sends it: input
   * tokens are estimated from this when the provider reports no usage.
   */
  onPrompt?: (messages: readonly ChatMessage[]) => void;
  /** Providers that failed earlier in the turn, skipped by a failover chain (which adds to it). */
  failed?: TurnFailures;
}

/** Streaming chat completion. */
export interface LlmProvider {
  readonly info: ProviderInfo;
  stream(request: LlmRequest): AsyncIterable<LlmEvent>;
  /**
   * A cheap call that succeeds when the provider is reachable and accepts our credentials (e.g.
   * listing models), for the background health monitor. Absent: only real calls count.
   */
  probe?(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

/** The LLM stage as sessions call it: a failover chain of {@link LlmProvider}s. */
export interface LlmChain {
  readonly info: ProviderInfo;
  stream(request: LlmChainRequest): AsyncIterable<LlmOutput>;
  close(): Promise<void>;
}

import { randomUUID } from 'node:crypto';
import type { ProviderFailure, ProviderInfo } from '@parley/shared';
import { abortable } from '../abortable.ts';
import { describeError, isAbortError } from '../errors.ts';
import type { CallOutcome } from '../metering/call-billing.ts';
import { estimatePromptTokens, LlmUsageCounter } from '../metering/usage.ts';
import { iterateWithin } from '../observability/tracing/trace-context.ts';
import type { TurnPreferences } from '../preferences/turn-preferences.ts';
import type { ChatMessage, LlmChainRequest, ToolCall, TurnFailures } from '../providers/types.ts';
import { confirmationIn } from '../tools/confirmation.ts';
import type { Tool, ToolSpec } from '../tools/tool.ts';
import type { TurnOptions, TurnResult } from './turn-options.ts';
import type { ProgressWatch } from './tool-progress.ts';
import { TurnTools, type AwaitingConfirmation } from './turn-tools.ts';
import { BudgetStop } from './turn-speech.ts';

/** Said when the model kept calling tools after it was given none, having said nothing. */
export const TOOLS_GAVE_UP = "Sorry, I couldn't finish that. Please ask again.";

/** What the language model of a turn is asked with. */
export interface RoundsStage {
  /** The conversation so far and the user's new message. */
  messages: ChatMessage[];
  llmId: string;
  prefs: TurnPreferences | null;
  /** Providers that failed in the turn: the chain asks none of them again, in any round. */
  failed: TurnFailures;
  result: TurnResult;
}

/** What the turn is told of its language model's rounds. */
export interface RoundHooks {
  onServed(provider: ProviderInfo): void;
  onPassedOver(provider: ProviderInfo, failure: Pick<ProviderFailure, 'kind' | 'status'>): void;
  /** The model waits on tools now: what it said so far is all it says before them. */
  beforeTools(): void;
  /**
   * Round `round`'s calls start (-1: the calls the user confirmed): watched until they end, so
   * the user hears that something is happening when they run long (see `watchToolProgress`).
   */
  whileTools?(round: number, running: () => string[]): ProgressWatch;
}

/**
 * The turn's language model (issue 48): one request when it calls no tools, else rounds of
 * model → tools → model, the model given each round's results, until it answers in words —
 * after `maxRounds` rounds, or once the turn's tool time is spent, it is asked without tools.
 * Its words stream out of {@link text} whatever the round; each round is a request of its own,
 * allowed by the budget, metered (its own usage seq) and failed over by the chain on its own:
 * tools run between requests, never during one, so no chain fails over after a tool ran.
 *
 * A call that needs the user's yes ends the turn with the question ({@link awaiting}); the next
 * turn's words (or a tap) decide it, and its model goes on from the calls.
 */
export class ReplyRounds {
  /** Calls asked about, which the next turn decides; null: none. */
  awaiting: AwaitingConfirmation | null = null;
  private tools: TurnTools | null = null;

  constructor(
    private readonly o: TurnOptions,
    private readonly stage: RoundsStage,
    private readonly hooks: RoundHooks,
  ) {}

  /** The tool calls of the turn, and the time they took (ms); none: no tool was called. */
  get toolCalls(): Pick<TurnTools, 'calls' | 'spentMs'> | null {
    return this.tools && this.tools.calls.length > 0 ? this.tools : null;
  }

  /** The model's words, round after round, as they stream. */
  async *text(): AsyncGenerator<string, void, undefined> {
    const { o, stage } = this;
    const tools = await this.turnTools();
    let messages = stage.messages;
    const awaiting = o.tools?.awaiting;
    if (awaiting && tools) {
      const confirmed = o.tools?.tapped ?? confirmationIn(stage.result.transcript);
      const results = await this.watched(-1, tools, () => tools.settle(awaiting.calls, confirmed));
      o.signal.throwIfAborted();
      // The user's words follow the results: a "yes, and eggs too" is heard whole.
      messages = [
        ...awaiting.messages,
        ...results,
        { role: 'user', content: stage.result.transcript },
      ];
    }
    /** Whether the next words start a new round after words (a space keeps them apart). */
    let apart = false;
    let saidAny = false;
    for (let round = 0; ; round++) {
      const offered = tools?.offered(round) ?? [];
      const calls: ToolCall[] = [];
      let said = '';
      for await (const event of this.ask(round, messages, offered)) {
        if (event.type === 'tool-call') {
          calls.push(event);
          continue;
        }
        const text = apart && !/^\s/.test(event.text) ? ` ${event.text}` : event.text;
        apart = false;
        said += event.text;
        saidAny = true;
        yield text;
      }
      if (calls.length === 0 || !tools) return;
      this.hooks.beforeTools();
      apart = saidAny;
      const outcome = await this.watched(round, tools, () =>
        tools.round(calls, offered.length > 0),
      );
      o.signal.throwIfAborted();
      messages = [
        ...messages,
        { role: 'assistant', content: said, toolCalls: calls },
        ...outcome.results,
      ];
      if (outcome.asked) {
        yield* this.askUser(messages, outcome.asked.calls, outcome.asked.question, apart);
        return;
      }
      if (offered.length === 0) {
        // Calls made with no tools offered were not run: no round more (it could call again).
        if (!saidAny) yield TOOLS_GAVE_UP;
        return;
      }
    }
  }

  /** Runs a round's calls (`run`) under the turn's progress watch. */
  private async watched<T>(round: number, tools: TurnTools, run: () => Promise<T>): Promise<T> {
    const watch = this.hooks.whileTools?.(round, () => tools.running());
    try {
      return await run();
    } finally {
      watch?.stop();
    }
  }

  /** Ends the turn on the question about `calls` (said, and sent as `tool.confirm`). */
  private *askUser(
    messages: ChatMessage[],
    calls: AwaitingConfirmation['calls'],
    question: string,
    apart: boolean,
  ): Generator<string, void, undefined> {
    const confirmId = randomUUID();
    this.awaiting = { confirmId, messages, calls, question };
    this.o.output.tool?.({
      type: 'tool.confirm',
      confirmId,
      calls: calls.map(({ call }) => ({
        callId: call.id,
        name: call.name,
        arguments: call.arguments,
      })),
      question,
    });
    yield apart ? ` ${question}` : question;
  }

  /** The turn's tools (none when it has none, or they could not be read). */
  private async turnTools(): Promise<TurnTools | null> {
    const { o } = this;
    if (!o.tools) return null;
    let available: readonly Tool[];
    try {
      available = await abortable(o.tools.available, o.signal);
    } catch (err) {
      if (o.signal.aborted || isAbortError(err)) throw err;
      // The turn goes on without them: a tool source down is no reason not to answer.
      o.log.warn({ err: describeError(err) }, 'could not read the tools: answering without');
      available = [];
    }
    this.tools = new TurnTools(o, available, o.tools);
    return this.tools;
  }

  /** Round `round`'s request: metered whatever its end, allowed by the budget first. */
  private async *ask(
    round: number,
    messages: readonly ChatMessage[],
    offered: readonly ToolSpec[],
  ): AsyncGenerator<{ type: 'text'; text: string } | ({ type: 'tool-call' } & ToolCall)> {
    const { o, stage, hooks } = this;
    const speculative = o.speculative !== undefined;
    if (round > 0) {
      // The first round was allowed with the turn; each later one is a call of its own.
      const stop = o.billing.allow({
        stage: 'llm',
        providerId: stage.llmId,
        speculative,
        inputTokens: estimatePromptTokens(messages),
        outputTokens: 0,
        estimated: true,
      });
      if (stop) throw new BudgetStop(stop);
    }
    const counter = new LlmUsageCounter(stage.llmId, messages, speculative);
    // From the request to its last token; its requests carry it (tracing on).
    const span = o.trace?.turn.stage(`llm round ${round + 1}`, {
      'parley.llm.round': round + 1,
      'parley.llm.tools_offered': offered.length,
      'parley.speculative': speculative,
    });
    let outcome: CallOutcome = 'failed';
    try {
      const request: LlmChainRequest = {
        messages,
        signal: o.signal,
        failed: stage.failed,
        ...(offered.length > 0 ? { tools: offered } : {}),
        // A provider that runs tools itself has them recorded as the model's calls are.
        ...(this.tools ? { toolRuns: this.tools.ranItself } : {}),
        onAttempt: (p) => counter.attempt(p.id),
        onPrompt: (sent) => counter.promptSent(sent),
        onPassedOver: (p, failure) => hooks.onPassedOver(p, failure),
        onServed: (p) => {
          counter.servedBy(p.id);
          span?.set({ 'parley.provider': p.id });
          hooks.onServed(p);
        },
        ...(o.timeZone === undefined ? {} : { timeZone: o.timeZone }),
        ...(stage.prefs ? { style: stage.prefs.style } : {}),
      };
      let first = span !== undefined;
      for await (const event of iterateWithin(span?.traceparent, o.providers.llm.stream(request))) {
        counter.observe(event);
        if (event.type !== 'tool-call' && (event.type !== 'text' || event.text === '')) continue;
        if (first) span?.event(event.type === 'text' ? 'first token' : 'first tool call');
        first = false;
        yield event;
      }
      outcome = 'done';
    } catch (err) {
      if (o.signal.aborted || isAbortError(err)) outcome = 'cancelled';
      throw err;
    } finally {
      span?.set({ 'parley.llm.outcome': outcome });
      span?.end(undefined, outcome === 'failed' ? 'failed' : undefined);
      const usage = counter.usage(outcome);
      if (usage) o.billing.record(o.turnId, (o.speculative?.usageSeq ?? 0) + round, usage);
    }
  }
}

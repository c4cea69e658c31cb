import { randomUUID } from 'node:crypto';
import { yesOrNo, type ProviderFailure, type ProviderInfo } from '@parley/shared';
import { abortable } from '../abortable.ts';
import { describeError, isAbortError } from '../errors.ts';
import type { CallOutcome } from '../metering/call-billing.ts';
import { estimatePromptTokens, LlmUsageCounter } from '../metering/usage.ts';
import { iterateWithin } from '../observability/tracing/trace-context.ts';
import type { TurnPreferences } from '../preferences/turn-preferences.ts';
import type { TurnFailures } from '../providers/stages/common.ts';
import type { ChatMessage, LlmChainRequest, ToolCall } from '../providers/stages/llm.ts';
import { relayLines } from '../lines/relay-lines.ts';
import { confirmationLines } from '../tools/confirmation-lines.ts';
import type { Tool, ToolSpec } from '../tools/tool.ts';
import type { TurnOptions, TurnResult } from './turn-options.ts';
import type { ProgressWatch } from './tool-progress.ts';
import type { AwaitingConfirmation, Settlement } from './tool-questions.ts';
import { TurnTools } from './turn-tools.ts';
import { BudgetStop } from './turn-speech.ts';

/** Said when the model kept calling tools after it was given none, having said nothing. */
export const TOOLS_GAVE_UP = relayLines('en').toolsGaveUp;

/**
 * Most times the user is asked about the same calls: an answer that is neither a yes nor a no
 * is asked again once; a second such answer declines them (the model then answers the words).
 */
export const MAX_TIMES_ASKED = 2;

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
 * turn's words (or a tap) decide it, and its model goes on from the calls. Words that are
 * neither a yes nor a no (`yesOrNo`) are asked again, plainly, in the relay's own words, up to
 * {@link MAX_TIMES_ASKED}; a tap on a question no longer open decides nothing.
 */
export class ReplyRounds {
  /** Calls asked about, which the next turn decides; null: none. */
  awaiting: AwaitingConfirmation | null = null;
  /** The question the turn's words (or tap) decided (its `confirmId`); null: none. */
  decided: string | null = null;
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
    const lines = confirmationLines(this.language);
    if (tools && o.tools?.tap === 'stale') {
      // A tap answers the question it was shown with, and no other.
      if (awaiting) yield* this.askAgain(awaiting, lines.staleTap(awaiting.question), false);
      else yield lines.closedTap;
      return;
    }
    if (awaiting && tools) {
      const settled = this.settlement(awaiting);
      this.decided = awaiting.confirmId;
      if (settled === 'ask-again') {
        yield* this.askAgain(awaiting, lines.askAgain(awaiting.question), true);
        return;
      }
      const results = await this.watched(-1, tools, () => tools.settle(awaiting.calls, settled));
      o.signal.throwIfAborted();
      // The user's words follow the results: the model hears the answer as it was said.
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
        const { calls, question } = outcome.asked;
        yield* this.askUser({ messages, calls, question, asked: 1 }, question, apart);
        return;
      }
      if (offered.length === 0) {
        // Calls made with no tools offered were not run: no round more (it could call again).
        if (!saidAny) yield relayLines(this.language).toolsGaveUp;
        return;
      }
    }
  }

  /** The language the relay's own lines are said in: the user's (English by default). */
  private get language(): string {
    return this.stage.prefs?.language ?? 'en';
  }

  /** How the turn's words (or tap) settle `awaiting`, or that it is to be asked again. */
  private settlement(awaiting: AwaitingConfirmation): Settlement | 'ask-again' {
    const { tools } = this.o;
    const tap = tools?.tap;
    const answer =
      tap === undefined || tap === 'stale'
        ? yesOrNo(this.stage.result.transcript, this.language)
        : tap.confirmed
          ? 'yes'
          : 'no';
    if (answer === 'no') return 'no';
    if (answer === null) return awaiting.asked < MAX_TIMES_ASKED ? 'ask-again' : 'unclear';
    return tools?.stillAwaited?.(awaiting.confirmId) === false ? 'expired' : 'yes';
  }

  /**
   * Asks about `awaiting`'s calls again, in the relay's own words (`line`), with a question of
   * its own (a new `confirmId`: a tap on the old one answers nothing); `counted`: as one more
   * time asked.
   */
  private *askAgain(
    awaiting: AwaitingConfirmation,
    line: string,
    counted: boolean,
  ): Generator<string, void, undefined> {
    const asked = counted ? awaiting.asked + 1 : awaiting.asked;
    const again = { ...awaiting, asked, replaces: awaiting.confirmId };
    yield* this.askUser(again, line, false);
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

  /**
   * Ends the turn on a question about `asking`'s calls: sent as `tool.confirm` (a new
   * `confirmId`), and said as `line`.
   */
  private *askUser(
    asking: Omit<AwaitingConfirmation, 'confirmId'>,
    line: string,
    apart: boolean,
  ): Generator<string, void, undefined> {
    const confirmId = randomUUID();
    const awaiting = { ...asking, confirmId };
    this.awaiting = awaiting;
    const { calls, question } = asking;
    this.o.output.tool?.({
      type: 'tool.confirm',
      confirmId,
      calls: calls.map(({ call, action }) => ({
        callId: call.id,
        name: call.name,
        arguments: call.arguments,
        action,
      })),
      question,
    });
    // Open from now on (a speculative answer's once it is the answer): the user may answer
    // before the turn has finished saying it.
    const { speculative, tools } = this.o;
    const open = () => tools?.asked?.(awaiting);
    if (speculative === undefined) open();
    else void speculative.released?.then(open, () => undefined);
    yield apart ? ` ${line}` : line;
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
    this.tools = new TurnTools(o, available, { ...o.tools, language: this.language });
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
        ...(stage.prefs ? { style: stage.prefs.style, language: stage.prefs.language } : {}),
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

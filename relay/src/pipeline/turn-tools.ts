import {
  cutTo,
  MAX_TOOL_ARGUMENTS_CHARS,
  MAX_TOOL_SUMMARY_CHARS,
  type ToolCallStatus,
  type TurnToolCall,
} from '@parley/shared';
import { randomUUID } from 'node:crypto';
import { abortable } from '../abortable.ts';
import { describeError } from '../errors.ts';
import type { ChatMessage, ToolCall } from '../providers/stages/llm.ts';
import { checkArguments } from '../tools/tool-arguments.ts';
import { confirmationQuestion, wordedAction } from '../tools/confirmation.ts';
import { notRun, runTool, type ToolOutcome } from '../tools/run-tool.ts';
import type { Tool, ToolContext, ToolRunRecorder, ToolSpec } from '../tools/tool.ts';
import type { AskedCall, Settlement } from './tool-questions.ts';
import type { TurnOptions } from './turn-options.ts';
import type { TurnToolsOptions } from './turn-tools-options.ts';

/** What a round's calls came to: the results the model reads, and any question to ask. */
export interface RoundOutcome {
  results: ChatMessage[];
  /** Calls the user must confirm first (their question ends the turn); null: none. */
  asked: { calls: AskedCall[]; question: string } | null;
}

/** What of the turn its tools use. */
export type ToolsTurn = Pick<
  TurnOptions,
  'turnId' | 'output' | 'signal' | 'speculative' | 'timeZone' | 'log' | 'now'
>;

/** A call's first decision: refused (not run), run now, or asked about first. */
type Decision =
  | { kind: 'refused'; outcome: ToolOutcome }
  | { kind: 'run'; tool: Tool; args: Record<string, unknown> }
  | { kind: 'ask'; tool: Tool; args: Record<string, unknown> };

/**
 * The tools of one turn: which are offered in each round (none past the rounds allowed or the
 * time), and each round's calls — announced on the wire, checked (a tool that does not exist,
 * arguments that are not JSON or do not fit its schema: refused with words for the model), run
 * in parallel under the turn's signal and what is left of its tool time, and recorded with their
 * spans. A tool that changes something is never run without the user's yes: it is asked about
 * ({@link RoundOutcome.asked}), and run by the next turn ({@link settle}) — and never from a
 * speculative answer: that waits until it is the user's final words.
 */
export class TurnTools {
  /** Every call of the turn, in order, as its record keeps it. */
  readonly calls: TurnToolCall[] = [];
  /** Time the turn's tools spent, rounds summed (ms). */
  spentMs = 0;
  private readonly byName = new Map<string, Tool>();
  /** Calls started and not ended yet. */
  private readonly open = new Set<TurnToolCall>();

  constructor(
    private readonly turn: ToolsTurn,
    tools: readonly Tool[],
    private readonly o: Pick<
      TurnToolsOptions,
      'userId' | 'sessionId' | 'maxRounds' | 'maxCallsPerRound' | 'budgetMs' | 'language'
    >,
  ) {
    // Names are unique in a request: the first of a name wins (built-ins come first).
    for (const tool of tools) if (!this.byName.has(tool.name)) this.byName.set(tool.name, tool);
  }

  /** The names of the calls running now, in the order they started. */
  running(): string[] {
    return [...this.open].map((record) => record.name);
  }

  /** The specs offered to the model in round `round` (from 0): none when it must answer. */
  offered(round: number): ToolSpec[] {
    if (round >= this.o.maxRounds || this.spentMs >= this.o.budgetMs) return [];
    return [...this.byName.values()].map(({ name, description, inputSchema }) => ({
      name,
      description,
      inputSchema,
    }));
  }

  /**
   * Runs a round's `calls` (made with tools `offered`, or none: then none runs): the results the
   * model reads, in the order of the calls, and the calls to ask the user about.
   */
  async round(calls: readonly ToolCall[], offered: boolean): Promise<RoundOutcome> {
    const asked: AskedCall[] = [];
    const outcomes = await this.timed(
      calls.map((call, index) => async (budget: AbortSignal) => {
        const record = this.started(call);
        const decision =
          index < this.o.maxCallsPerRound
            ? this.decide(call, offered)
            : refusedOverCap(this.o.maxCallsPerRound);
        if (decision.kind === 'ask') {
          const { tool, args } = decision;
          const worded = await wordedAction(
            tool,
            args,
            call.arguments,
            this.context(budget),
            this.o.language,
          );
          if (worded.ok) {
            asked.push({ call, tool, args, action: worded.action });
            this.ended(record, 'asked', 'asked to confirm');
            return null;
          }
          // What cannot be said whole cannot be agreed to: not asked, not run.
          this.turn.log.info(
            { tool: tool.name, chars: worded.chars },
            'a call too long to ask about was declined',
          );
          const outcome = notRun(
            'declined',
            'Not run, and the user was not asked: the call is too long to read out to them ' +
              'for their yes. Tell them so, and ask for less at once.',
            'not asked: too long to read out',
          );
          this.ended(record, outcome.status, outcome.result.summary);
          return toolMessage(call, outcome);
        }
        const outcome =
          decision.kind === 'refused'
            ? decision.outcome
            : await this.run(decision.tool, decision.args, budget);
        this.ended(record, outcome.status, outcome.result.summary);
        return toolMessage(call, outcome);
      }),
    );
    const question = confirmationQuestion(
      asked.map((a) => a.action),
      this.o.language,
    );
    return {
      results: outcomes.filter((m) => m !== null),
      asked: asked.length === 0 ? null : { calls: asked, question },
    };
  }

  /**
   * Decides the calls a previous turn asked about: run on the user's yes, declined otherwise
   * (see {@link Settlement}). The results the model reads, in order.
   */
  async settle(asked: readonly AskedCall[], settled: Settlement): Promise<ChatMessage[]> {
    return this.timed(
      asked.map(({ call, tool, args }) => async (budget: AbortSignal) => {
        const record = this.started(call);
        const outcome = settled === 'yes' ? await this.run(tool, args, budget) : declined(settled);
        this.ended(record, outcome.status, outcome.result.summary);
        return toolMessage(call, outcome);
      }),
    );
  }

  /**
   * Records a tool a provider ran itself (the offline responder): announced, its span and how it
   * ended kept with the turn's calls like the model's (see {@link ToolRunRecorder}).
   */
  readonly ranItself: ToolRunRecorder = async (name, args, run) => {
    const record = this.started({ id: randomUUID(), name, arguments: JSON.stringify(args) });
    try {
      const result = await run();
      if (result === null) this.ended(record, 'unknown-tool', 'not run: no such tool');
      else {
        const summary = cutTo(result.summary, MAX_TOOL_SUMMARY_CHARS);
        this.ended(record, result.isError ? 'failed' : 'done', summary);
      }
      return result;
    } catch (err) {
      // Stopped with the turn: the record stays cancelled (see started).
      const summary = cutTo(describeError(err), MAX_TOOL_SUMMARY_CHARS);
      if (!this.turn.signal.aborted) this.ended(record, 'failed', summary);
      throw err;
    }
  };

  private decide(call: ToolCall, offered: boolean): Decision {
    const refused = (status: ToolCallStatus, content: string, summary: string): Decision => ({
      kind: 'refused',
      outcome: notRun(status, content, summary),
    });
    if (!offered)
      return refused(
        'skipped',
        'No more tools this turn: answer the user with what you have.',
        'not run: no more tools this turn',
      );
    const tool = this.byName.get(call.name);
    if (!tool) {
      const names = [...this.byName.keys()].join(', ');
      return refused(
        'unknown-tool',
        `There is no tool named "${call.name}". The tools are: ${names || 'none'}.`,
        'not run: no such tool',
      );
    }
    const checked = checkArguments(tool.inputSchema, call.arguments);
    if (!checked.ok)
      return refused(
        'invalid-arguments',
        `${checked.problem} Call it again with arguments that fit its schema.`,
        'not run: invalid arguments',
      );
    return { kind: tool.readOnly ? 'run' : 'ask', tool, args: checked.args };
  }

  /**
   * Runs `tool` under the turn's signal and `budget`. One that changes something waits, in a
   * speculative answer, until the answer is the user's (promoted): a dropped one never runs it.
   */
  private async run(
    tool: Tool,
    args: Record<string, unknown>,
    budget: AbortSignal,
  ): Promise<ToolOutcome> {
    const { turn } = this;
    const released = turn.speculative?.released;
    if (!tool.readOnly && released) {
      turn.log.debug(
        { tool: tool.name },
        'a speculative answer waits to be the answer to run a tool',
      );
      await abortable(released, turn.signal);
    }
    return runTool(tool, args, {
      context: this.context(budget),
      turnSignal: turn.signal,
      budgetSignal: budget,
      budgetMs: this.o.budgetMs,
      log: turn.log,
    });
  }

  /** What a tool of the turn runs (and words its question) with, under `budget` too. */
  private context(budget: AbortSignal): ToolContext {
    const { turn } = this;
    return {
      userId: this.o.userId,
      sessionId: this.o.sessionId,
      ...(turn.timeZone === undefined ? {} : { timeZone: turn.timeZone }),
      ...(this.o.language === undefined ? {} : { language: this.o.language }),
      signal: AbortSignal.any([turn.signal, budget]),
      now: () => Date.now(),
    };
  }

  /**
   * Runs `jobs` at once under what is left of the turn's tool time (a signal that aborts when it
   * runs out), and counts the time they took against it.
   */
  private async timed<T>(jobs: ((budget: AbortSignal) => Promise<T>)[]): Promise<T[]> {
    const budget = new AbortController();
    const leftMs = Math.max(0, this.o.budgetMs - this.spentMs);
    const timer = setTimeout(() => budget.abort(new Error('tool time spent')), leftMs);
    const startedAt = this.turn.now();
    try {
      return await Promise.all(jobs.map((job) => job(budget.signal)));
    } finally {
      clearTimeout(timer);
      const tookMs = this.turn.now() - startedAt;
      // Node's timers may fire a fraction of a millisecond before the clock says they are due:
      // time that ran out is spent, whatever the clock says.
      this.spentMs += budget.signal.aborted ? Math.max(tookMs, leftMs) : tookMs;
    }
  }

  /** Announces `call` (its start, relay clock), and keeps its place in the turn's record. */
  private started(call: ToolCall): TurnToolCall {
    const startedAtMs = this.turn.now();
    const record: TurnToolCall = {
      callId: call.id,
      name: call.name,
      arguments: cutTo(call.arguments, MAX_TOOL_ARGUMENTS_CHARS),
      // Until it ends (a call the turn was stopped in stays so).
      status: 'cancelled',
      summary: '',
      startedAtMs,
      endedAtMs: startedAtMs,
    };
    this.calls.push(record);
    this.open.add(record);
    const { callId, name, arguments: args } = record;
    this.turn.output.tool?.({ type: 'tool.call', callId, name, arguments: args, startedAtMs });
    return record;
  }

  /** Announces how the call of `record` ended, and records it. */
  private ended(record: TurnToolCall, status: ToolCallStatus, summary: string): void {
    Object.assign(record, { status, summary, endedAtMs: this.turn.now() });
    this.open.delete(record);
    const { callId, name, startedAtMs, endedAtMs } = record;
    this.turn.output.tool?.({
      type: 'tool.result',
      callId,
      name,
      status,
      summary,
      startedAtMs,
      endedAtMs,
    });
  }
}

/**
 * A call past the round's cap: neither run nor asked about, the model told how many a round may
 * make (it may make the rest in its next round).
 */
function refusedOverCap(max: number): Decision {
  return {
    kind: 'refused',
    outcome: notRun(
      'skipped',
      `Too many tool calls at once: a round may make ${max}, and this one was not run. ` +
        'Call it again in the next round if it is still needed.',
      'not run: too many calls at once',
    ),
  };
}

/** A call asked about and not run, as `settled` (not a yes) says, in words for the model. */
function declined(settled: Exclude<Settlement, 'yes'>): ToolOutcome {
  switch (settled) {
    case 'no':
      return notRun('declined', 'The user said no: it was not done.', 'declined');
    case 'unclear':
      return notRun('declined', 'The user did not confirm it: it was not done.', 'not confirmed');
    case 'expired':
      return notRun(
        'declined',
        'The question expired before the user answered: it was not done.',
        'not confirmed in time',
      );
  }
}

/** The result of `call` as the model reads it. */
function toolMessage(call: ToolCall, outcome: ToolOutcome): ChatMessage {
  return {
    role: 'tool',
    callId: call.id,
    name: call.name,
    content: outcome.result.content,
    ...(outcome.result.isError === true ? { isError: true } : {}),
  };
}

import { logFailure } from '../error-tracking/report-error.ts';
import { describeError, isAbortError, RelayError } from '../errors.ts';
import { relayLines } from '../lines/relay-lines.ts';
import type { TurnPreferences } from '../preferences/turn-preferences.ts';
import { ContextExceededError } from '../providers/resilience/context-exceeded-error.ts';
import { NoProviderError } from '../providers/resilience/no-provider-error.ts';
import type { TurnFailures } from '../providers/stages/common.ts';
import type { ChatMessage } from '../providers/stages/llm.ts';
import { endOfCutReply } from './cut-reply.ts';
import { FallbackRecord } from './fallback-record.ts';
import { LATE_FIRST_TOKEN_MS, watchFirstToken } from './late-first-token.ts';
import type { ReplySegments } from './reply-segments.ts';
import { watchToolProgress } from './tool-progress.ts';
import { ReplyRounds } from './tool-rounds.ts';
import type { TurnOptions, TurnResult } from './turn-options.ts';
import { BudgetStop, type TurnSpeech } from './turn-speech.ts';

/** Said when no LLM could answer at all (in English; see `relayLines`). */
export const APOLOGY = relayLines('en').apology;
/** Said when the LLM broke off mid-reply (in English; see `relayLines`). */
export const CUT_SHORT = relayLines('en').cutShort;

/** What the LLM stage of a turn gets from the turn so far. */
export interface ReplyStage {
  /** The prompt: the conversation so far and the user's new message. */
  messages: ChatMessage[];
  llmId: string;
  prefs: TurnPreferences | null;
  result: TurnResult;
  /** The reply's segments, for the speaking part (`speaking`) to say. */
  segments: ReplySegments;
  speaking: Promise<void>;
  /** The turn's speech, which says the apology when no language model answered. */
  speech: TurnSpeech;
  /** Providers that failed in the turn: the language model's chain asks none of them again. */
  failed: TurnFailures;
}

/**
 * Streams the LLM's reply out as text and as segments for the speaking part; on failure says
 * so (a cut-off reply ends with an apology, no reply at all gets one in the fallback voice).
 * Returns the turn's result when the turn ends here, null when the reply is all written.
 */
export async function streamReply(o: TurnOptions, stage: ReplyStage): Promise<TurnResult | null> {
  const { turnId, output, signal, log, now } = o;
  const { messages, prefs, result, segments, speaking } = stage;
  const { timings } = result;
  const since = (t: number) => Math.round((now() - t) * 10) / 10;
  const { failed } = stage;
  const llmStart = now();
  result.marks.llmRequestAtMs = llmStart;
  const fallback = new FallbackRecord(result);
  const progress = prefs?.toolProgress ?? 'spoken';
  const language = prefs?.language ?? 'en';
  // A model slow to its first output gets the line a slow tool gets, once per turn (not while
  // the answer is speculative: it is not the user's yet); a slow tool after it is "still" one.
  let lateLineSent = false;
  const lateModel = o.speculative
    ? null
    : watchFirstToken({
        progress,
        language,
        silent: o.silent === true,
        afterMs: o.lateFirstTokenMs ?? LATE_FIRST_TOKEN_MS,
        send: (event) => {
          lateLineSent = true;
          output.tool?.(event);
        },
        say: (line) => segments.aside(line),
        now,
      });
  // One request, or rounds of model → tools → model, each metered (issue 48).
  const rounds = new ReplyRounds(
    o,
    { messages, llmId: stage.llmId, prefs, failed, result },
    {
      onPassedOver: (p, failure) => fallback.passedOver(p, failure),
      onServed: (p) => {
        result.servedBy.llm = p.id;
        fallback.answeredBy(p);
      },
      beforeTools: () => {
        // The model's first output was a call: its tools' own watch covers what follows.
        lateModel?.stop();
        segments.flush();
      },
      whileTools: (round, running) =>
        watchToolProgress(
          {
            progress,
            language,
            silent: o.silent === true,
            // The words the model said before its calls: the wait counts from their end.
            wordsEnd: () =>
              o.silent ? Promise.resolve(now()) : stage.speech.heardUntil(segments.handed),
            running,
            send: (event) => output.tool?.(event),
            say: (line) => segments.aside(line),
            now,
          },
          lateLineSent ? round + 1 : round,
        ),
    },
  );
  try {
    for await (const text of rounds.text()) {
      if (timings.llmFirstTokenMs === undefined) {
        lateModel?.stop();
        timings.llmFirstTokenMs = since(llmStart);
        result.marks.llmFirstTokenAtMs = now();
      }
      result.reply += text;
      output.replyDelta(text);
      segments.push(text);
    }
    lateModel?.stop();
    segments.flush();
    timings.llmTotalMs = since(llmStart);
    toolsOfTurn(result, rounds);
    segments.close();
  } catch (err) {
    lateModel?.stop();
    toolsOfTurn(result, rounds);
    const lines = relayLines(prefs?.language);
    if (signal.aborted || isAbortError(err)) {
      segments.fail(err);
      await speaking.catch(() => undefined);
      return { ...result, status: 'cancelled' };
    }
    if (err instanceof BudgetStop) {
      // A later round the budget refused: what was said stays said.
      segments.close();
      await speaking.catch(() => undefined);
      output.error(err.error);
      return { ...result, status: 'failed', budgetStop: err.error };
    }
    const tooLong = err instanceof ContextExceededError;
    // Not a fault of the relay nor of a provider: the operator's side, not error tracking.
    if (tooLong)
      log.warn(
        { refusals: err.refusals, err: err.message },
        'the conversation does not fit the context of any language model of the chain',
      );
    else logFailure(log, err, 'llm failed');
    if (result.reply.trim() !== '') {
      // Broken off mid-reply: what was said stays said, the unfinished sentence too (shown
      // ending in a dash); then one apology, in the same voice. The turn's status says it
      // failed: no second notice asks the user to repeat themselves.
      const end = endOfCutReply(result.reply, lines.cutShort);
      result.reply += end;
      output.replyDelta(end);
      segments.add(lines.cutShort);
      segments.close();
      await speaking.catch(() => undefined);
      result.reply = result.reply.trim();
      return { ...result, status: 'failed' };
    }
    segments.close();
    await speaking.catch(() => undefined);
    // Trying again mends an outage, not a conversation too long for every model: say which.
    const line = tooLong ? lines.tooLong : lines.apology;
    result.reply = line;
    output.replyDelta(line);
    output.error(
      tooLong
        ? RelayError.conversationTooLong(turnId, err)
        : err instanceof NoProviderError
          ? RelayError.stageUnavailable('llm', turnId, err)
          : RelayError.providerFailed('llm', turnId, err),
    );
    if (o.fallbackVoice && !o.silent) {
      await stage.speech
        .sayOnly(o.fallbackVoice, line)
        .catch((e: unknown) => log.warn({ err: describeError(e) }, 'could not speak the apology'));
    }
    return { ...result, status: 'failed' };
  }
  return null;
}

/** What the turn's tools did goes with its result: its calls, their time, a question asked. */
function toolsOfTurn(result: TurnResult, rounds: ReplyRounds): void {
  const tools = rounds.toolCalls;
  if (tools) {
    result.toolCalls = tools.calls;
    result.timings.toolMs = Math.round(tools.spentMs * 10) / 10;
  }
  if (rounds.awaiting) result.awaiting = rounds.awaiting;
  if (rounds.decided !== null) result.decided = rounds.decided;
}

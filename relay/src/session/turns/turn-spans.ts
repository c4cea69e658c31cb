import type { TurnResult } from '../../pipeline/turn-options.ts';
import type { SpanAttributes, TracedTurn } from '../../observability/tracing/turn-trace.ts';

/**
 * What a finished turn's result tells its trace: its recognition ends at the final transcript
 * (with who served it), and each tool call is a span of its own, from its recorded times, with
 * its name and status (never its arguments or result: the user's words).
 */
export function spanTurnResult(
  traced: TracedTurn,
  r: Pick<TurnResult, 'marks' | 'servedBy' | 'status' | 'toolCalls'>,
): void {
  const { recognition, turn } = traced;
  if (recognition) {
    if (r.servedBy.asr !== undefined) recognition.set({ 'parley.provider': r.servedBy.asr });
    const failed = r.marks.asrFinalAtMs === undefined && r.status === 'failed';
    recognition.end(r.marks.asrFinalAtMs, failed ? 'recognition failed' : undefined);
  }
  for (const call of r.toolCalls ?? []) {
    const span = turn.stage(
      `tool ${call.name}`,
      { 'parley.tool.name': call.name, 'parley.tool.status': call.status },
      call.startedAtMs,
    );
    span.end(call.endedAtMs, call.status === 'done' ? undefined : call.status);
  }
}

/**
 * A turn's timings (`turn.done`'s, the latency panel's) as attributes of its span:
 * `parley.timing.relayFirstAudioMs`… — what the stage spans show, as the client was told.
 */
export function timingAttributes(timings: TurnResult['timings']): SpanAttributes {
  const attributes: SpanAttributes = {};
  for (const [name, ms] of Object.entries(timings)) {
    if (typeof ms === 'number') attributes[`parley.timing.${name}`] = ms;
  }
  return attributes;
}

/**
 * What a fake language model answers, scripted per test (issue 48): words, tool calls, or both,
 * streamed in the fake's own wire format. The fakes of OpenAI and Anthropic take the script's
 * first step for each chat request (and their `reply` when the script is empty).
 */

/** A tool call a fake model makes. */
export interface FakeToolCall {
  name: string;
  /** The arguments as the model writes them: JSON text — or not (a malformed string). */
  arguments: string;
  /** Its id (default: one the fake makes up, unique in the request). */
  id?: string;
  /** In how many deltas its arguments stream (default 2). */
  pieces?: number;
}

/** One answer of a fake model. */
export interface FakeLlmStep {
  /** Words said before the tool calls (default none when it calls tools). */
  text?: string;
  /** Tools called, in order. */
  toolCalls?: readonly FakeToolCall[];
  /** The calls' deltas interleave (streamed side by side) rather than one call after another. */
  interleaved?: boolean;
}

/** `text` cut into `pieces` parts of about equal length (none empty, but for an empty text). */
export function piecesOf(text: string, pieces = 2): string[] {
  const n = Math.max(1, Math.min(pieces, text.length));
  const size = Math.ceil(text.length / n);
  const out: string[] = [];
  for (let at = 0; at < text.length; at += size) out.push(text.slice(at, at + size));
  return out.length > 0 ? out : [''];
}

/**
 * The deltas of a step's calls in the order they stream: each call's pieces one after another,
 * or — interleaved — the first piece of each, then the second of each…
 */
export function callDeltas(
  calls: readonly FakeToolCall[],
  interleaved: boolean,
): { call: number; piece: string; first: boolean }[] {
  const split = calls.map((c) => piecesOf(c.arguments, c.pieces));
  const order: { call: number; piece: string; first: boolean }[] = [];
  if (!interleaved) {
    split.forEach((pieces, call) =>
      pieces.forEach((piece, i) => order.push({ call, piece, first: i === 0 })),
    );
    return order;
  }
  const most = Math.max(...split.map((p) => p.length));
  for (let i = 0; i < most; i++)
    split.forEach((pieces, call) => {
      const piece = pieces[i];
      if (piece !== undefined) order.push({ call, piece, first: i === 0 });
    });
  return order;
}

/** Words of a reply, each with the space after it: what the fakes stream one per chunk. */
export const wordsOf = (text: string): string[] => text.match(/\S+\s*/g) ?? [];

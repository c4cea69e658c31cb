import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';

/** An MCP server sent more than the relay reads of one answer, or of one event of a stream. */
export class McpAnswerTooLarge extends Error {
  override name = 'McpAnswerTooLarge';
  /**
   * @param limitBytes what is read at most
   * @param part what overran it: a whole answer, or one event of an event stream
   */
  constructor(
    readonly limitBytes: number,
    readonly part: 'answer' | 'event',
  ) {
    super(`the server sent more than ${limitBytes} bytes in one ${part}: the rest was not read`);
  }
}

export interface AnswerLimits {
  /** Bytes read at most of the answer to one request (a POST's response, all its events). */
  maxAnswerBytes: number;
  /** Bytes read at most of one event of an event stream (the long-lived GET stream's too). */
  maxEventBytes: number;
  /** Told when an answer overran a limit (reading it stopped, its connection was cut). */
  onTooLarge: (err: McpAnswerTooLarge) => void;
  /** Told the bytes read of each answer once it ended, with the request's JSON-RPC method. */
  onRead?: (bytes: number, method: string | null) => void;
}

const LF = 0x0a;
const CR = 0x0d;
/** Statuses whose response has no body (a `Response` with one cannot be made). */
const NO_BODY = new Set([101, 204, 205, 304]);

/**
 * Counts an event stream's bytes since the last blank line (where an event ends): `\n\n`,
 * `\r\r` or `\r\n\r\n`. Byte by byte, so a boundary split across chunks is still found.
 */
class EventSizer {
  private sinceEvent = 0;
  private lineLength = 0;
  private afterCr = false;

  /** The most bytes any event reached within `chunk` (what was carried in counted). */
  push(chunk: Uint8Array): number {
    let most = this.sinceEvent;
    for (const byte of chunk) {
      if (byte === LF && this.afterCr) {
        // The \n of a \r\n: the line already ended at its \r.
        this.afterCr = false;
        continue;
      }
      this.afterCr = byte === CR;
      if (byte === LF || byte === CR) {
        if (this.lineLength === 0) this.sinceEvent = 0;
        else this.sinceEvent++;
        this.lineLength = 0;
        continue;
      }
      this.lineLength++;
      this.sinceEvent++;
      if (this.sinceEvent > most) most = this.sinceEvent;
    }
    return most;
  }
}

/** The JSON-RPC method of a request's body, when it has one (a batch: the first's). */
function methodOf(body: unknown): string | null {
  if (typeof body !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(body);
    const first: unknown = Array.isArray(parsed) ? parsed[0] : parsed;
    if (first !== null && typeof first === 'object' && 'method' in first)
      return typeof first.method === 'string' ? first.method : null;
  } catch {
    // Not JSON: no method to name.
  }
  return null;
}

/**
 * `fetch` for an MCP server's streamable HTTP transport that stops reading an answer past
 * `limits` (issue 60, item 7): the model reads a few thousand characters of a result, so a
 * server that sends megabytes, or one event that never ends, must not grow the relay's memory
 * or hold its event loop. Past a limit the body errors with {@link McpAnswerTooLarge} and is
 * cancelled (the connection to the server is cut: nothing more is read). A POST's answer is
 * limited as a whole and per event; the long-lived GET stream per event only.
 */
export function boundedFetch(limits: AnswerLimits, base: FetchLike = fetch): FetchLike {
  return async (url, init) => {
    const response = await base(url, init);
    if (!response.body || NO_BODY.has(response.status)) return response;
    const whole = (init?.method ?? 'GET').toUpperCase() === 'POST';
    const method = methodOf(init?.body);
    const events =
      response.headers.get('content-type')?.toLowerCase().startsWith('text/event-stream') === true;
    const sizer = events ? new EventSizer() : null;
    let read = 0;
    const limiter = new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        const longestEvent = sizer?.push(chunk) ?? 0;
        let over: McpAnswerTooLarge | null = null;
        if (whole && read > limits.maxAnswerBytes)
          over = new McpAnswerTooLarge(limits.maxAnswerBytes, 'answer');
        else if (longestEvent > limits.maxEventBytes)
          over = new McpAnswerTooLarge(limits.maxEventBytes, 'event');
        if (over) {
          limits.onTooLarge(over);
          // Errors the reader, and cancels the body it pipes from: the socket is closed.
          controller.error(over);
          return;
        }
        controller.enqueue(chunk);
      },
      flush() {
        limits.onRead?.(read, method);
      },
    });
    return new Response(response.body.pipeThrough(limiter), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

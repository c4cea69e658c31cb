import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { readBody } from './http.ts';
import { ProviderError } from './provider-error.ts';

/** Longest SSE event we accept (bytes of text): a provider cannot grow our memory without bound. */
const MAX_EVENT_CHARS = 1 << 20;

/**
 * The server-sent events of a streaming response, parsed by `eventsource-parser` as the bytes
 * arrive. A body that is not `text/event-stream` is a protocol error (e.g. an HTML error page
 * from a proxy with status 200). `secrets`: the credentials the request sent, never repeated in
 * an error.
 */
export async function* sseEvents(
  providerId: string,
  res: Response,
  secrets: readonly string[] = [],
): AsyncGenerator<EventSourceMessage, void, undefined> {
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('text/event-stream')) {
    throw new ProviderError(providerId, 'protocol', `expected an event stream, got "${type}"`);
  }
  const pending: EventSourceMessage[] = [];
  const failure: { error: Error | null } = { error: null };
  const parser = createParser({
    onEvent: (e) => pending.push(e),
    onError: (e) => (failure.error = e),
    maxBufferSize: MAX_EVENT_CHARS,
  });
  const decoder = new TextDecoder();
  for await (const bytes of readBody(providerId, res)) {
    parser.feed(decoder.decode(bytes, { stream: true }));
    if (failure.error) {
      throw new ProviderError(providerId, 'protocol', 'bad event stream', {
        excerpt: failure.error.message,
        secrets,
      });
    }
    for (const event of pending.splice(0)) yield event;
  }
  parser.feed(decoder.decode());
  for (const event of pending.splice(0)) yield event;
}

/**
 * Parses an event's JSON data; a chunk that does not parse is the provider's protocol error
 * (quoting the chunk, without `secrets`).
 */
export function parseEventJson(
  providerId: string,
  data: string,
  secrets: readonly string[] = [],
): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw new ProviderError(providerId, 'protocol', 'malformed chunk', { excerpt: data, secrets });
  }
}

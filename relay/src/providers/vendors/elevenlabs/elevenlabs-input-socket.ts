import { WebSocket, type RawData } from 'ws';
import { z } from 'zod';
import { asProviderError, ProviderError } from '../../net/provider-error.ts';
import { jsonOf } from '../../net/ws-json.ts';
import { upgradeRefusal } from '../../net/upgrade-refusal.ts';
import { traceHeaders } from '../../../observability/tracing/trace-context.ts';

/**
 * The fields we use of a message from ElevenLabs' streaming input: audio (base64 PCM16LE, null
 * in the last message), the end (`isFinal`), or an error (`error`, `message`); the alignment and
 * anything newer are not read.
 */
const inputMessage = z.object({
  audio: z.string().nullish(),
  isFinal: z.boolean().nullish(),
  error: z.string().nullish(),
  message: z.string().nullish(),
});

/**
 * One segment's socket to ElevenLabs' streaming input: messages out (held until it opens), audio
 * bytes in, in order, until `{"isFinal": true}`. Any failure (a refused upgrade, an error
 * message, a message that is no JSON, a close before the end) ends what is received with a
 * {@link ProviderError}; {@link drop} ends it at once.
 */
export class InputSocket {
  private readonly ws: WebSocket;
  /** Messages sent before the socket opened. */
  private readonly outbox: string[] = [];
  /** Audio bytes received, and signs of life (null: the voice took more text), not yet read. */
  private readonly inbox: (Uint8Array | null)[] = [];
  private wake: (() => void) | null = null;
  private ended = false;
  /** What ended it, when it did not end well. */
  private failure: { err: unknown } | null = null;

  constructor(
    private readonly providerId: string,
    url: string,
    headers: Record<string, string>,
    private readonly secrets: readonly string[],
  ) {
    this.ws = new WebSocket(url, {
      // The sentence's traceparent, when tracing is on.
      headers: { ...headers, ...traceHeaders() },
      perMessageDeflate: false,
      // The key header would go with a redirect: refused instead (see upgradeRefusal).
      followRedirects: false,
    });
    this.ws.on('unexpected-response', (_req, res) => {
      void upgradeRefusal(providerId, res, secrets).then((e) => this.fail(e));
    });
    this.ws.on('open', () => {
      for (const message of this.outbox.splice(0)) this.ws.send(message);
    });
    this.ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    this.ws.on('error', (err) => this.fail(asProviderError(providerId, err, secrets)));
    this.ws.on('close', (code, reason) => this.closed(code, reason.toString()));
  }

  /** Sends `message` (as soon as the socket is open); a piece of text is a sign of life. */
  send(message: { text: string }): void {
    if (this.ended) return;
    const json = JSON.stringify(message);
    if (this.ws.readyState === WebSocket.CONNECTING) this.outbox.push(json);
    else if (this.ws.readyState === WebSocket.OPEN) this.ws.send(json);
    if (message.text.trim() !== '') this.deliver(null);
  }

  /** The audio bytes and signs of life, in order, until the end; throws what failed. */
  async *received(): AsyncGenerator<Uint8Array | null, void, undefined> {
    for (;;) {
      while (this.inbox.length > 0) yield this.inbox.shift() ?? null;
      if (this.failure) throw this.failure.err;
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  /** Stops here: the socket is dropped and what is received ends with `reason`. */
  drop(reason: unknown): void {
    this.fail(reason);
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (this.ended) return;
    const read = jsonOf(data, isBinary);
    if ('fault' in read) return this.fail(this.protocolError(read.fault));
    const { json } = read;
    const parsed = inputMessage.safeParse(json);
    if (!parsed.success) return this.fail(this.protocolError('malformed message'));
    const { audio, isFinal, error, message } = parsed.data;
    if (error || (message && !audio)) {
      return this.fail(this.protocolError(`server error ${error ?? ''}`.trim(), message ?? ''));
    }
    if (audio) this.deliver(Buffer.from(audio, 'base64'));
    if (isFinal) {
      this.ended = true;
      this.notify();
      this.ws.close(1000);
    }
  }

  private closed(code: number, reason: string): void {
    if (this.ended) return;
    this.fail(
      new ProviderError(this.providerId, 'network', `socket closed (${code}) before the end`, {
        excerpt: reason,
        secrets: this.secrets,
      }),
    );
  }

  private deliver(item: Uint8Array | null): void {
    if (this.ended) return;
    this.inbox.push(item);
    this.notify();
  }

  /** Records the first failure (what was received before it is still read) and drops the socket. */
  private fail(err: unknown): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = { err };
    this.outbox.length = 0;
    this.ws.terminate();
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private protocolError(reason: string, excerpt = ''): ProviderError {
    return new ProviderError(this.providerId, 'protocol', reason, {
      excerpt,
      secrets: this.secrets,
    });
  }
}

import type { IncomingMessage } from 'node:http';
import { WebSocket, type RawData } from 'ws';
import { z } from 'zod';
import type { Logger } from '../../../log/logger.ts';
import { ProviderError, asProviderError } from '../../net/provider-error.ts';
import { jsonOf } from '../../net/ws-json.ts';
import { scrubSecrets, secretsSent } from '../../../secrets/secret-scrub.ts';
import type { AsrCapabilities, AsrResult, AsrStartOptions, AsrStream } from '../../stages/asr.ts';
import { traceHeaders } from '../../../observability/tracing/trace-context.ts';
import { DeepgramCoverage } from './deepgram-coverage.ts';

/** What a stream needs from the provider that opened it. */
export interface StreamContext {
  providerId: string;
  apiKey: string;
  maxQueuedBytes: number;
  keepAliveMs: number;
  finalizeWaitMs: number;
  closeWaitMs: number;
  log: Logger;
  /** The socket is gone. */
  release(stream: DeepgramStream): void;
}

/** The fields we use of a `Results` message; the rest of Deepgram's shape is not checked. */
const resultsMessage = z.object({
  type: z.literal('Results'),
  /** The audio the result transcribes (s). */
  start: z.number().optional(),
  duration: z.number().optional(),
  is_final: z.boolean().optional(),
  speech_final: z.boolean().optional(),
  from_finalize: z.boolean().optional(),
  channel: z.object({
    alternatives: z.array(z.object({ transcript: z.string() })),
  }),
});

const anyMessage = z.object({ type: z.string() });
/** Longest error body read from a refused upgrade (the error keeps less). */
const MAX_REFUSAL_READ_CHARS = 4096;

/** `streaming` → `finishing` (after `finish`) → `done` (settled, failed in finish, aborted). */
type Phase = 'streaming' | 'finishing' | 'done';

/** One utterance on one Deepgram socket. */
export class DeepgramStream implements AsrStream {
  private phase: Phase = 'streaming';
  private readonly ws: WebSocket | null = null;
  /** Frames written before the socket opened. */
  private readonly queue: (Buffer | string)[] = [];
  private queuedBytes = 0;
  private samplesIn = 0;
  private readonly finals: string[] = [];
  private interim = '';
  private failure: Error | null = null;
  private result: Promise<AsrResult> | null = null;
  private pending: { resolve: (r: AsrResult) => void; reject: (e: unknown) => void } | null = null;
  private closeStreamSent = false;
  private lastSendMs = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly onAbort = () => this.abort();
  /** The credentials the socket was opened with: never repeated in an error. */
  private readonly secrets: readonly string[];
  /** How far the results reach into the audio (see AsrCoverage). */
  private readonly coverage = new DeepgramCoverage(() => this.current());

  constructor(
    url: string,
    private readonly options: AsrStartOptions,
    private readonly context: StreamContext,
  ) {
    const headers = { Authorization: `Token ${context.apiKey}` };
    this.secrets = secretsSent(url, headers);
    if (options.signal.aborted) {
      this.phase = 'done';
      queueMicrotask(() => context.release(this));
      return;
    }
    const ws = new WebSocket(url, {
      // The recognition's traceparent, when tracing is on (never among the secrets: no key).
      headers: { ...headers, ...traceHeaders() },
      perMessageDeflate: false,
      // ws's default, said here because it matters: the key header would go with the redirect.
      // A 3xx upgrade answer is refused (see refused()).
      followRedirects: false,
    });
    this.ws = ws;
    ws.on('upgrade', (res) => {
      context.log.debug({ requestId: res.headers['dg-request-id'] }, 'asr socket upgraded');
    });
    ws.on('unexpected-response', (_req, res) => this.refused(res));
    ws.on('open', () => this.opened());
    ws.on('message', (data, isBinary) => this.received(data, isBinary));
    ws.on('error', (error) => this.fail(asProviderError(context.providerId, error, this.secrets)));
    ws.on('close', (code, reason) => this.closed(code, reason.toString()));
    options.signal.addEventListener('abort', this.onAbort, { once: true });
  }

  write(samples: Int16Array): void {
    if (this.phase !== 'streaming' || this.failure || samples.length === 0) return;
    this.samplesIn += samples.length;
    // A copy: the caller may reuse its buffer. Little-endian hosts only, like the audio path.
    this.send(Buffer.from(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength)));
  }

  /**
   * The finalized text plus the current interim hypothesis; never waits. Settled when every word
   * is finalized (no interim hypothesis pending).
   */
  snapshot(): Promise<AsrResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.phase === 'done' && !this.result) return Promise.reject(this.abortError());
    return Promise.resolve(this.current());
  }

  /** Its results say which audio they transcribe: see {@link AsrCoverage}. */
  capability<K extends keyof AsrCapabilities>(name: K): AsrCapabilities[K] | null {
    const capabilities: Partial<AsrCapabilities> = { coverage: this.coverage };
    return capabilities[name] ?? null;
  }

  finish(): Promise<AsrResult> {
    if (this.result) return this.result;
    if (this.phase === 'done') return Promise.reject(this.abortError());
    this.phase = 'finishing';
    this.result = new Promise<AsrResult>((resolve, reject) => {
      this.pending = { resolve, reject };
    });
    if (this.failure) this.settle(this.failure);
    else if (this.samplesIn === 0) this.settle({ text: '', audioMs: 0 });
    else {
      this.send(JSON.stringify({ type: 'Finalize' }));
      if (this.ws?.readyState === WebSocket.OPEN) this.awaitFinalize();
    }
    return this.result;
  }

  abort(): void {
    if (this.phase === 'done') {
      // Settled, and politely closing: close() of the provider does not wait for the server.
      this.ws?.terminate();
      return;
    }
    this.phase = 'done';
    this.pending?.reject(this.abortError());
    this.pending = null;
    this.teardown(true);
  }

  private opened(): void {
    if (this.phase === 'done' || this.failure) return;
    const ws = this.ws;
    if (!ws) return;
    for (const frame of this.queue.splice(0)) ws.send(frame);
    this.queuedBytes = 0;
    this.lastSendMs = performance.now();
    const tick = Math.max(10, Math.min(1000, this.context.keepAliveMs / 2));
    const keepAlive = setInterval(() => {
      if (performance.now() - this.lastSendMs >= this.context.keepAliveMs)
        this.send(JSON.stringify({ type: 'KeepAlive' }));
    }, tick);
    this.timers.add(keepAlive);
    if (this.phase === 'finishing') this.awaitFinalize();
  }

  /** Finalize went out: give its flushed result some time, then fall back to CloseStream. */
  private awaitFinalize(): void {
    this.later(this.context.finalizeWaitMs, () => this.sendCloseStream());
  }

  private received(data: RawData, isBinary: boolean): void {
    if (this.phase === 'done' || this.failure) return;
    const read = jsonOf(data, isBinary);
    if ('fault' in read) return this.fail(this.protocolError(read.fault));
    const { json } = read;
    const message = anyMessage.safeParse(json);
    if (!message.success) return this.fail(this.protocolError('message has no type'));
    switch (message.data.type) {
      case 'Results': {
        const results = resultsMessage.safeParse(json);
        if (!results.success) return this.fail(this.protocolError('malformed Results message'));
        return this.onResults(results.data);
      }
      case 'Metadata':
        // Sent after CloseStream, once every result has gone out.
        if (this.closeStreamSent) this.settleWithText();
        return;
      case 'Error':
        return this.fail(this.protocolError('server error', JSON.stringify(json)));
      default:
        // SpeechStarted, UtteranceEnd, and anything newer: not needed here.
        this.context.log.debug({ type: message.data.type }, 'asr message ignored');
    }
  }

  private onResults(results: z.infer<typeof resultsMessage>): void {
    const transcript = results.channel.alternatives[0]?.transcript.trim() ?? '';
    const before = this.text();
    if (results.is_final) {
      if (transcript) this.finals.push(transcript);
      this.interim = '';
    } else {
      this.interim = transcript;
    }
    const text = this.text();
    if (this.phase === 'streaming' && text !== before)
      this.options.onPartial?.(text, results.is_final === true);
    this.coverage.heard({
      start: results.start,
      duration: results.duration,
      endpoint: results.speech_final === true || results.from_finalize === true,
    });
    // The words so far reach that far: a sound over the reply is judged on them once they do.
    if (this.phase === 'streaming') this.options.onCovered?.(this.coverage.coveredMs());
    if (this.phase === 'finishing' && results.from_finalize) this.settleWithText();
  }

  private refused(res: IncomingMessage): void {
    const status = res.statusCode ?? 0;
    const { providerId } = this.context;
    if (status >= 300 && status < 400) {
      res.resume();
      const location = res.headers.location;
      const to = location
        ? `redirected to ${scrubSecrets(location)}`
        : 'a redirect without a location';
      this.fail(
        new ProviderError(
          providerId,
          'http',
          `upgrade refused: HTTP ${status}: ${to} (not followed: the key stays with the configured address)`,
          { status, secrets: this.secrets },
        ),
      );
      return;
    }
    const retryAfter = Number(res.headers['retry-after']);
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      if (body.length < MAX_REFUSAL_READ_CHARS) body += chunk;
    });
    const done = () => {
      this.fail(
        new ProviderError(
          providerId,
          status === 401 || status === 403 ? 'auth' : 'http',
          `upgrade refused: HTTP ${status}`,
          {
            status,
            excerpt: body,
            secrets: this.secrets,
            ...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
          },
        ),
      );
    };
    res.on('end', done);
    res.on('error', done);
    res.on('close', done);
  }

  private closed(code: number, reason: string): void {
    this.teardown(false);
    this.context.release(this);
    if (this.phase === 'done' || this.failure) return;
    if (this.phase === 'finishing' && this.closeStreamSent && code === 1000) {
      return this.settleWithText();
    }
    // 1008: Deepgram could not decode the audio (DATA-0000); other codes: the connection broke.
    const kind = code === 1008 ? 'protocol' : 'network';
    this.fail(
      new ProviderError(this.context.providerId, kind, `socket closed (${code})`, {
        excerpt: reason,
        secrets: this.secrets,
      }),
    );
  }

  /** Records the first failure; a pending `finish` rejects with it. */
  private fail(error: Error): void {
    if (this.phase === 'done' || this.failure) return;
    this.failure = error;
    this.context.log.debug({ err: error }, 'asr stream failed');
    if (this.phase === 'finishing') this.settle(error);
    else this.teardown(true);
  }

  private settleWithText(): void {
    this.settle({ text: this.text(), audioMs: this.audioMs() });
  }

  /** Ends a finishing utterance with a result or an error, then lets go of the socket. */
  private settle(outcome: AsrResult | Error): void {
    if (this.phase !== 'finishing') return;
    this.phase = 'done';
    const pending = this.pending;
    this.pending = null;
    if (outcome instanceof Error) {
      pending?.reject(outcome);
      this.teardown(true);
      return;
    }
    this.context.log.debug({ audioMs: Math.round(outcome.audioMs) }, 'asr finished');
    pending?.resolve(outcome);
    // Polite close: the server answers CloseStream with Metadata and a 1000 close.
    this.teardown(false);
    if (this.ws?.readyState === WebSocket.OPEN) {
      this.sendCloseStream();
      this.later(this.context.closeWaitMs, () => this.ws?.terminate());
    } else this.ws?.terminate();
  }

  private sendCloseStream(): void {
    if (this.closeStreamSent) return;
    this.closeStreamSent = true;
    this.send(JSON.stringify({ type: 'CloseStream' }));
  }

  private send(frame: Buffer | string): void {
    const ws = this.ws;
    if (!ws) return;
    if (ws.readyState === WebSocket.CONNECTING) {
      this.queue.push(frame);
      this.queuedBytes += frame.length;
      if (this.queuedBytes > this.context.maxQueuedBytes)
        this.fail(this.timeoutError('socket still not open'));
      return;
    }
    if (ws.readyState !== WebSocket.OPEN) return;
    ws.send(frame);
    this.lastSendMs = performance.now();
    if (ws.bufferedAmount > this.context.maxQueuedBytes)
      this.fail(this.timeoutError('server not reading audio'));
  }

  /** Clears timers; `drop` also destroys the socket at once (no closing handshake). */
  private teardown(drop: boolean): void {
    this.coverage.close();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.queue.length = 0;
    this.options.signal.removeEventListener('abort', this.onAbort);
    if (drop) this.ws?.terminate();
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    this.timers.add(timer);
  }

  /** The words so far; settled when every one is final (no interim hypothesis pending). */
  private current(): AsrResult {
    const settled = this.interim === '' && this.finals.length > 0;
    return { text: this.text(), audioMs: this.audioMs(), settled };
  }

  private text(): string {
    return [...this.finals, this.interim].filter(Boolean).join(' ');
  }

  private audioMs(): number {
    return (this.samplesIn * 1000) / this.options.sampleRateHz;
  }

  private abortError(): unknown {
    const { signal } = this.options;
    return signal.aborted ? signal.reason : new DOMException('ASR stream aborted', 'AbortError');
  }

  private protocolError(message: string, excerpt?: string): ProviderError {
    return new ProviderError(this.context.providerId, 'protocol', message, {
      secrets: this.secrets,
      ...(excerpt === undefined ? {} : { excerpt }),
    });
  }

  private timeoutError(why: string): ProviderError {
    const ms = Math.round((this.context.maxQueuedBytes * 1000) / (2 * this.options.sampleRateHz));
    return new ProviderError(
      this.context.providerId,
      'timeout',
      `${why} with ${ms} ms of audio queued`,
    );
  }
}

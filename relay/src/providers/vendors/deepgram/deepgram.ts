import type { ProviderInfo } from '@parley/shared';
import { logger, type Logger } from '../../../log/logger.ts';
import { joinUrl } from '../../net/http.ts';
import type { AsrProvider, AsrStartOptions } from '../../stages/asr.ts';
import { DeepgramStream } from './deepgram-stream.ts';

export interface DeepgramAsrOptions {
  /** Deepgram API key, sent as `Authorization: Token <key>`; never logged. */
  apiKey: string;
  /** Default 'wss://api.deepgram.com'. */
  baseUrl?: string;
  /** Default 'nova-3'. */
  model?: string;
  /** Default 'en'. */
  language?: string;
  /**
   * Audio allowed to wait for the socket (still opening, or not draining) before the utterance
   * fails with a `timeout` error (ms of audio). Default 10,000.
   */
  maxQueuedMs?: number;
  /**
   * A `KeepAlive` goes out when nothing was sent for this long (ms). Default 4,000: Deepgram
   * closes a socket that received nothing for 10 s.
   */
  keepAliveMs?: number;
  /**
   * How long `finish` waits for the result flushed by `Finalize` (`from_finalize`), which
   * Deepgram does not promise when little audio is buffered, before sending `CloseStream` and
   * taking the results that precede the server's `Metadata` instead (ms). Default 1,500.
   */
  finalizeWaitMs?: number;
  /**
   * Time the server gets to close the socket after `CloseStream` before it is dropped (ms).
   * Default 2,000.
   */
  closeWaitMs?: number;
}

/**
 * Streaming speech recognition with Deepgram's live API (`/v1/listen` over WebSocket): one socket
 * per utterance, PCM16LE sent as binary frames, interim results as partials, `Finalize` at the
 * end of the utterance. The adapter never times out a slow server itself (except for audio piling
 * up in front of it): abort the signal to give up.
 */
export class DeepgramAsr implements AsrProvider {
  readonly info: ProviderInfo;
  readonly languages?: readonly string[];
  private readonly log: Logger;
  private readonly streams = new Set<DeepgramStream>();
  private readonly listenUrl: string;
  private readonly model: string;
  private closed = false;

  constructor(private readonly options: DeepgramAsrOptions) {
    const model = options.model ?? 'nova-3';
    this.model = model;
    this.info = { id: `deepgram:${model}`, label: `Deepgram ${model}` };
    this.log = logger('relay:asr', { provider: this.info.id });
    this.listenUrl = joinUrl(options.baseUrl ?? 'wss://api.deepgram.com', '/v1/listen');
    const languages = MODEL_LANGUAGES[model];
    if (languages) this.languages = languages;
  }

  start(options: AsrStartOptions): DeepgramStream {
    if (this.closed) throw new Error('Deepgram ASR is closed');
    // The user's language when this model knows it (any, for a model not listed here).
    const wanted = options.language;
    const known =
      wanted !== undefined &&
      (this.languages === undefined || this.languages.includes(wanted.split('-')[0] ?? ''));
    const query = new URLSearchParams({
      model: this.model,
      language: known ? wanted : (this.options.language ?? 'en'),
      encoding: 'linear16',
      sample_rate: String(options.sampleRateHz),
      channels: '1',
      interim_results: 'true',
      punctuate: 'true',
      smart_format: 'true',
    });
    const stream = new DeepgramStream(`${this.listenUrl}?${query.toString()}`, options, {
      providerId: this.info.id,
      apiKey: this.options.apiKey,
      maxQueuedBytes: ((this.options.maxQueuedMs ?? 10_000) * options.sampleRateHz * 2) / 1000,
      keepAliveMs: this.options.keepAliveMs ?? 4000,
      finalizeWaitMs: this.options.finalizeWaitMs ?? 1500,
      closeWaitMs: this.options.closeWaitMs ?? 2000,
      log: this.log,
      release: (done) => this.streams.delete(done),
    });
    this.streams.add(stream);
    return stream;
  }

  close(): Promise<void> {
    this.closed = true;
    for (const stream of [...this.streams]) stream.abort();
    return Promise.resolve();
  }
}

/** The languages of Deepgram's models that know only some (nova-3 as of 2025). */
const MODEL_LANGUAGES: Record<string, readonly string[]> = {
  'nova-3': ['en', 'es', 'fr', 'de', 'hi', 'ru', 'pt', 'ja', 'it', 'nl'],
};

import type { ProviderInfo } from '@parley/shared';
import { logger, type Logger } from '../../log/logger.ts';
import { joinUrl, probeGet, providerFetch, readBody } from '../net/http.ts';
import { pcm16Blocks } from '../net/pcm-stream.ts';
import { ProviderError } from '../net/provider-error.ts';
import type { TtsProvider, TtsRequest } from '../types.ts';

/** Raw PCM rates of ElevenLabs' `pcm_<rate>` output formats that the relay can play. */
export type ElevenLabsSampleRateHz = 16000 | 22050 | 24000;

export interface ElevenLabsTtsOptions {
  /** ElevenLabs API key, sent as `xi-api-key`; never logged. */
  apiKey: string;
  /** Default 'https://api.elevenlabs.io'. */
  baseUrl?: string;
  /** Default '21m00Tcm4TlvDq8ikWAM' ("Rachel", a premade voice every account has). */
  voiceId?: string;
  /** Default 'eleven_flash_v2_5' (lowest latency). */
  model?: string;
  /** Rate of the PCM16 requested and yielded (Hz). Default 16,000. */
  sampleRateHz?: ElevenLabsSampleRateHz;
}

/** Longest error body kept for a message. */
const MAX_ERROR_BODY = 300;

/**
 * Streaming speech synthesis with ElevenLabs (`POST /v1/text-to-speech/:voice/stream`), raw
 * PCM16LE mono output, yielded block by block as the chunked body arrives; a body that is not
 * PCM audio (or slips by a byte) fails as soon as it shows (see {@link pcm16Blocks}). Aborting
 * the signal (or stopping the iteration) closes the upstream request.
 */
export class ElevenLabsTts implements TtsProvider {
  readonly info: ProviderInfo;
  readonly sampleRateHz: ElevenLabsSampleRateHz;
  private readonly log: Logger;
  private readonly url: string;
  private readonly apiKey: string;
  private readonly model: string;
  private readonly baseUrl: string;

  constructor(options: ElevenLabsTtsOptions) {
    this.model = options.model ?? 'eleven_flash_v2_5';
    this.info = { id: `elevenlabs:${this.model}`, label: `ElevenLabs ${this.model}` };
    this.sampleRateHz = options.sampleRateHz ?? 16000;
    this.apiKey = options.apiKey;
    this.log = logger('relay:tts', { provider: this.info.id });
    const voiceId = encodeURIComponent(options.voiceId ?? '21m00Tcm4TlvDq8ikWAM');
    const path = `/v1/text-to-speech/${voiceId}/stream?output_format=pcm_${this.sampleRateHz}`;
    this.baseUrl = options.baseUrl ?? 'https://api.elevenlabs.io';
    this.url = joinUrl(this.baseUrl, path);
  }

  /** Lists the models: reachable, and the key is accepted. */
  probe(signal: AbortSignal): Promise<void> {
    return probeGet(
      this.info.id,
      joinUrl(this.baseUrl, '/v1/models'),
      { 'xi-api-key': this.apiKey },
      signal,
    );
  }

  async *synthesize(request: TtsRequest): AsyncGenerator<Int16Array, void, undefined> {
    const { signal } = request;
    signal.throwIfAborted();
    const text = request.text.trim();
    if (!text) return;
    const id = this.info.id;
    // Our own controller also closes the request when the consumer stops iterating early.
    const local = new AbortController();
    const onAbort = () => local.abort(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await providerFetch(id, this.url, {
        method: 'POST',
        headers: {
          'xi-api-key': this.apiKey,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ text, model_id: this.model }),
        signal: local.signal,
      });
      const type = res.headers.get('content-type');
      if (!isAudioType(type)) {
        const body = await res.text().catch(() => '');
        throw new ProviderError(
          id,
          'protocol',
          `expected audio, got ${type ?? 'no content type'}: ${clip(body)}`,
        );
      }
      let samples = 0;
      for await (const block of pcm16Blocks(id, readBody(id, res))) {
        samples += block.length;
        yield block;
      }
      signal.throwIfAborted();
      this.log.debug({ chars: text.length, samples }, 'tts done');
    } finally {
      signal.removeEventListener('abort', onAbort);
      local.abort(new DOMException('synthesis no longer needed', 'AbortError'));
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * Raw PCM is labelled `audio/…` or `application/octet-stream` depending on the path; JSON, HTML
 * or text means an error page or a proxy in the way.
 */
function isAudioType(type: string | null): boolean {
  if (type === null) return true;
  const mime = type.split(';')[0]?.trim().toLowerCase() ?? '';
  return mime.startsWith('audio/') || mime === 'application/octet-stream';
}

function clip(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_ERROR_BODY);
}

import type { ProviderInfo } from '@parley/shared';
import { joinUrl, providerFetch, readBody } from '../net/http.ts';
import { pcm16Blocks } from '../net/pcm-stream.ts';
import { ProviderError } from '../net/provider-error.ts';
import type { TtsProvider, TtsRequest } from '../types.ts';
import { authHeaders, probeModels, type OpenAiEndpoint } from './options.ts';

export interface OpenAiSpeechOptions extends OpenAiEndpoint {
  model: string;
  voice: string;
  /** Rate of the server's raw PCM (OpenAI: 24,000 Hz). */
  sampleRateHz: number;
}

/**
 * `/audio/speech` with `response_format: pcm`, streamed as the server produces it; a body that is
 * not PCM audio (or slips by a byte) fails as soon as it shows (see {@link pcm16Blocks}).
 */
export class OpenAiSpeechTts implements TtsProvider {
  readonly info: ProviderInfo;
  readonly sampleRateHz: number;

  constructor(private readonly options: OpenAiSpeechOptions) {
    this.info = {
      id: `${options.name}:${options.model}`,
      label: `${options.model} (${options.name})`,
    };
    this.sampleRateHz = options.sampleRateHz;
  }

  async *synthesize(request: TtsRequest): AsyncGenerator<Int16Array, void, undefined> {
    const { options } = this;
    const id = this.info.id;
    const res = await providerFetch(id, joinUrl(options.baseUrl, 'audio/speech'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...authHeaders(options) },
      body: JSON.stringify({
        model: options.model,
        voice: options.voice,
        input: request.text,
        response_format: 'pcm',
      }),
      signal: request.signal,
    });
    const type = res.headers.get('content-type') ?? '';
    if (type.includes('json') || type.includes('text/')) {
      await res.body?.cancel().catch(() => undefined);
      throw new ProviderError(id, 'protocol', `expected PCM audio, got "${type}"`);
    }
    yield* pcm16Blocks(id, readBody(id, res));
  }

  probe(signal: AbortSignal): Promise<void> {
    return probeModels(this.info.id, this.options, signal);
  }

  async close(): Promise<void> {}
}

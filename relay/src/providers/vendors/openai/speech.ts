import type { ProviderInfo } from '@parley/shared';
import { joinUrl, providerFetch, readBody } from '../../net/http.ts';
import { pcm16Blocks } from '../../net/pcm-stream.ts';
import { ProviderError } from '../../net/provider-error.ts';
import type { TtsProvider, TtsRequest, VoiceOption } from '../../stages/tts.ts';
import { authHeaders, probeModels, type OpenAiEndpoint } from './options.ts';

export interface OpenAiSpeechOptions extends OpenAiEndpoint {
  model: string;
  voice: string;
  /** Rate of the server's raw PCM (OpenAI: 24,000 Hz). */
  sampleRateHz: number;
}

/** OpenAI's built-in voices (`tts-1`, `tts-1-hd`, `gpt-4o-mini-tts`). */
export const OPENAI_VOICES: readonly VoiceOption[] = [
  'alloy',
  'ash',
  'coral',
  'echo',
  'fable',
  'nova',
  'onyx',
  'sage',
  'shimmer',
].map((id) => ({ id, label: id.charAt(0).toUpperCase() + id.slice(1) }));

/** OpenAI's `speed` range. */
const SPEED = { min: 0.25, max: 4 } as const;

/**
 * `/audio/speech` with `response_format: pcm`, streamed as the server produces it; a body that is
 * not PCM audio (or slips by a byte) fails as soon as it shows (see {@link pcm16Blocks}).
 */
export class OpenAiSpeechTts implements TtsProvider {
  readonly info: ProviderInfo;
  readonly sampleRateHz: number;
  /** `gpt-4o-mini-tts` takes no `speed` (it is told how to speak instead). */
  readonly supportsSpeakingRate: boolean;

  constructor(private readonly options: OpenAiSpeechOptions) {
    this.info = {
      id: `${options.name}:${options.model}`,
      label: `${options.model} (${options.name})`,
    };
    this.sampleRateHz = options.sampleRateHz;
    this.supportsSpeakingRate = !options.model.startsWith('gpt-4o');
  }

  voices(): Promise<readonly VoiceOption[]> {
    return Promise.resolve(OPENAI_VOICES);
  }

  async *synthesize(request: TtsRequest): AsyncGenerator<Int16Array, void, undefined> {
    const { options } = this;
    const id = this.info.id;
    // A voice of another provider's (chosen before the voice stage changed) is not sent here.
    const voice = OPENAI_VOICES.some((v) => v.id === request.voice) ? request.voice : undefined;
    const rate = request.speakingRate;
    const speed =
      this.supportsSpeakingRate && rate !== undefined && rate !== 1
        ? Math.min(SPEED.max, Math.max(SPEED.min, rate))
        : undefined;
    const res = await providerFetch(id, joinUrl(options.baseUrl, 'audio/speech'), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...authHeaders(options) },
      body: JSON.stringify({
        model: options.model,
        voice: voice ?? options.voice,
        input: request.text,
        response_format: 'pcm',
        ...(speed === undefined ? {} : { speed }),
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

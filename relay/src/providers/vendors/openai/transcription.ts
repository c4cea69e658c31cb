import type { ProviderInfo } from '@parley/shared';
import { writeWav } from '../../../audio/wav.ts';
import { joinUrl, providerFetch } from '../../net/http.ts';
import { ProviderError } from '../../net/provider-error.ts';
import type { AsrProvider, AsrResult, AsrStartOptions, AsrStream } from '../../stages/asr.ts';
import { authHeaders, probeModels, type OpenAiEndpoint } from './options.ts';

export interface OpenAiTranscriptionOptions extends OpenAiEndpoint {
  model: string;
  /** ISO-639-1 hint, e.g. `en`. */
  language?: string;
  /** Longest utterance sent (samples); past it, the rest is dropped. */
  maxSamples: number;
}

/**
 * `/audio/transcriptions` (OpenAI, Groq, whisper.cpp server, Speaches): a batch API, so the
 * utterance is kept while the user speaks and sent as one WAV file when it ends.
 */
export class OpenAiTranscriptionAsr implements AsrProvider {
  readonly info: ProviderInfo;

  constructor(private readonly options: OpenAiTranscriptionOptions) {
    this.info = {
      id: `${options.name}:${options.model}`,
      label: `${options.model} (${options.name})`,
    };
  }

  start(start: AsrStartOptions): AsrStream {
    const blocks: Int16Array[] = [];
    let samples = 0;
    const { options } = this;
    const id = this.info.id;
    const local = new AbortController();
    const signal = AbortSignal.any([start.signal, local.signal]);
    return {
      write: (pcm) => {
        if (samples + pcm.length > options.maxSamples) return;
        blocks.push(pcm.slice());
        samples += pcm.length;
      },
      abort: () => local.abort(),
      finish: async (): Promise<AsrResult> => {
        const audioMs = (samples / start.sampleRateHz) * 1000;
        const pcm = new Int16Array(samples);
        let at = 0;
        for (const b of blocks) {
          pcm.set(b, at);
          at += b.length;
        }
        const form = new FormData();
        form.append(
          'file',
          new Blob([writeWav(pcm, start.sampleRateHz)], { type: 'audio/wav' }),
          'utterance.wav',
        );
        form.append('model', options.model);
        form.append('response_format', 'json');
        // ISO-639-1: the primary subtag of the user's language ("pt" of "pt-BR").
        const language = start.language?.split('-')[0] ?? options.language;
        if (language) form.append('language', language);
        const res = await providerFetch(id, joinUrl(options.baseUrl, 'audio/transcriptions'), {
          method: 'POST',
          headers: authHeaders(options),
          body: form,
          signal,
        });
        let body: unknown;
        try {
          body = await res.json();
        } catch (err) {
          if (signal.aborted) throw err;
          throw new ProviderError(id, 'protocol', 'transcription is not JSON');
        }
        const text = (body as { text?: unknown }).text;
        if (typeof text !== 'string')
          throw new ProviderError(id, 'protocol', 'transcription has no text');
        return { text: text.trim(), audioMs };
      },
    };
  }

  probe(signal: AbortSignal): Promise<void> {
    return probeModels(this.info.id, this.options, signal);
  }

  async close(): Promise<void> {}
}

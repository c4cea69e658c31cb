import type { ProviderInfo } from '@parley/shared';
import { z } from 'zod';
import { logger, type Logger } from '../../../log/logger.ts';
import { joinUrl, probeGet, providerFetch } from '../../net/http.ts';
import { postForPcm } from '../../net/pcm-request.ts';
import { ProviderError } from '../../net/provider-error.ts';
import type { TtsProvider, TtsRequest, VoiceOption } from '../../stages/tts.ts';
import { primaryLanguage } from '../../voice-language.ts';

/** Raw PCM rates the relay asks Cartesia for. */
export type CartesiaSampleRateHz = 16_000 | 22_050 | 24_000;

export interface CartesiaTtsOptions {
  /** Cartesia API key, sent as `Authorization: Bearer`; never logged. */
  apiKey: string;
  /** Default `https://api.cartesia.ai`. */
  baseUrl?: string;
  /** Default `sonic-3`. */
  model?: string;
  /** Default a stock voice every account has. */
  voiceId?: string;
  /** The language spoken (Cartesia's code, e.g. `en`). Default `en`. */
  language?: string;
  /** Rate of the PCM16 asked for and yielded (Hz). Default 24,000. */
  sampleRateHz?: CartesiaSampleRateHz;
}

/** The API version this adapter speaks (`Cartesia-Version`). */
export const CARTESIA_VERSION = '2025-04-16';
export const CARTESIA_DEFAULT_VOICE = '694f9389-aac1-45b6-b726-9d9369183238';
/** Cartesia's models have no list to ask for: these are its text-to-speech ones. */
export const CARTESIA_MODELS = ['sonic-3', 'sonic-2', 'sonic-turbo'] as const;
/** `generation_config.speed` range (Sonic 3 models; earlier ones take no speed). */
const SPEED = { min: 0.6, max: 1.5 } as const;
/** A Cartesia voice id (a UUID): a Flite or OpenAI voice name is not one. */
const VOICE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Voices listed for a user to choose from (Cartesia's page size). */
const VOICES_LISTED = 100;

/** The fields we use of `GET /voices`; the rest of Cartesia's shape is not checked. */
const voicesResponse = z.object({
  data: z.array(z.object({ id: z.string(), name: z.string(), language: z.string().nullish() })),
});

/**
 * Speech synthesis with Cartesia's Sonic models (`POST /tts/bytes`), raw PCM16LE mono output
 * yielded block by block as the body streams in; a body that is not PCM audio fails as soon as
 * it shows. Aborting the signal (or stopping the iteration) closes the upstream request.
 */
export class CartesiaTts implements TtsProvider {
  readonly info: ProviderInfo;
  readonly sampleRateHz: CartesiaSampleRateHz;
  readonly supportsSpeakingRate: boolean;
  private readonly log: Logger;
  private readonly model: string;
  private readonly baseUrl: string;
  private readonly voiceId: string;
  private readonly language: string;

  constructor(private readonly options: CartesiaTtsOptions) {
    this.model = options.model ?? 'sonic-3';
    this.info = { id: `cartesia:${this.model}`, label: `Cartesia ${this.model}` };
    this.sampleRateHz = options.sampleRateHz ?? 24_000;
    this.supportsSpeakingRate = this.model.startsWith('sonic-3');
    this.baseUrl = options.baseUrl ?? 'https://api.cartesia.ai';
    this.voiceId = options.voiceId ?? CARTESIA_DEFAULT_VOICE;
    this.language = options.language ?? 'en';
    this.log = logger('relay:tts', { provider: this.info.id });
  }

  private get headers(): Record<string, string> {
    return { Authorization: `Bearer ${this.options.apiKey}`, 'Cartesia-Version': CARTESIA_VERSION };
  }

  /** The voices the account may use (`GET /voices`, the first page), each with its language. */
  async voices(signal: AbortSignal): Promise<readonly VoiceOption[]> {
    const id = this.info.id;
    const url = joinUrl(this.baseUrl, `/voices?limit=${VOICES_LISTED}`);
    const res = await providerFetch(id, url, { headers: this.headers, signal });
    const parsed = voicesResponse.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new ProviderError(id, 'protocol', 'malformed voice list');
    return parsed.data.data.map((v) => ({
      id: v.id,
      label: v.language ? `${v.name} (${v.language})` : v.name,
    }));
  }

  /** Lists one voice: reachable, and the key is accepted. */
  probe(signal: AbortSignal): Promise<void> {
    return probeGet(this.info.id, joinUrl(this.baseUrl, '/voices?limit=1'), this.headers, signal);
  }

  async *synthesize(request: TtsRequest): AsyncGenerator<Int16Array, void, undefined> {
    const { signal } = request;
    signal.throwIfAborted();
    const text = request.text.trim();
    if (!text) return;
    const voice = request.voice && VOICE_ID.test(request.voice) ? request.voice : this.voiceId;
    const rate = request.speakingRate;
    const speed =
      !this.supportsSpeakingRate || rate === undefined || rate === 1
        ? undefined
        : Math.min(SPEED.max, Math.max(SPEED.min, rate));
    const body = {
      model_id: this.model,
      transcript: text,
      voice: { mode: 'id', id: voice },
      output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: this.sampleRateHz },
      // The text's language (the conversation's), else the configured one.
      language: request.language ? primaryLanguage(request.language) : this.language,
      ...(speed === undefined ? {} : { generation_config: { speed } }),
    };
    const url = joinUrl(this.baseUrl, '/tts/bytes');
    const samples = yield* postForPcm(this.info.id, url, this.headers, body, signal);
    this.log.debug({ chars: text.length, samples }, 'tts done');
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

import type { ProviderInfo } from '@parley/shared';
import { logger, type Logger } from '../../../log/logger.ts';
import { joinUrl, probeGet, providerFetch } from '../../net/http.ts';
import { postForPcm } from '../../net/pcm-request.ts';
import { ProviderError } from '../../net/provider-error.ts';
import { z } from 'zod';
import type { TtsProvider, TtsRequest, VoiceOption } from '../../stages/tts.ts';

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

/** What an ElevenLabs voice is when its options do not say. */
export const ELEVENLABS_DEFAULTS = {
  baseUrl: 'https://api.elevenlabs.io',
  /** "Rachel", a premade voice every account has. */
  voiceId: '21m00Tcm4TlvDq8ikWAM',
  /** The lowest latency. */
  model: 'eleven_flash_v2_5',
  sampleRateHz: 16_000,
} as const;

/** How long the account's voice list is reused before it is asked for again (ms). */
const VOICES_TTL_MS = 5 * 60_000;
/** ElevenLabs' `voice_settings.speed` range. */
const SPEED = { min: 0.7, max: 1.2 } as const;
/** An ElevenLabs voice id (20 letters and digits): a Flite or OpenAI name is not one. */
const VOICE_ID = /^[A-Za-z0-9]{20}$/;

/** The fields we use of `GET /v1/voices`; the rest of ElevenLabs' shape is not checked. */
const voicesResponse = z.object({
  voices: z.array(
    z.object({
      voice_id: z.string(),
      name: z.string(),
      labels: z.record(z.string(), z.string().nullable()).nullish(),
    }),
  ),
});

/**
 * Streaming speech synthesis with ElevenLabs (`POST /v1/text-to-speech/:voice/stream`), raw
 * PCM16LE mono output, yielded block by block as the chunked body arrives; a body that is not
 * PCM audio (or slips by a byte) fails as soon as it shows (see {@link pcm16Blocks}). Aborting
 * the signal (or stopping the iteration) closes the upstream request.
 */
export class ElevenLabsTts implements TtsProvider {
  readonly info: ProviderInfo;
  readonly sampleRateHz: ElevenLabsSampleRateHz;
  readonly supportsSpeakingRate = true;
  private readonly log: Logger;
  private readonly apiKey: string;
  private readonly model: string;
  private readonly baseUrl: string;
  private readonly voiceId: string;
  /** The account's voices, asked for at most every {@link VOICES_TTL_MS}. */
  private voiceList: { atMs: number; voices: Promise<readonly VoiceOption[]> } | null = null;

  constructor(options: ElevenLabsTtsOptions) {
    this.model = options.model ?? ELEVENLABS_DEFAULTS.model;
    this.info = { id: `elevenlabs:${this.model}`, label: `ElevenLabs ${this.model}` };
    this.sampleRateHz = options.sampleRateHz ?? ELEVENLABS_DEFAULTS.sampleRateHz;
    this.apiKey = options.apiKey;
    this.log = logger('relay:tts', { provider: this.info.id });
    this.voiceId = options.voiceId ?? ELEVENLABS_DEFAULTS.voiceId;
    this.baseUrl = options.baseUrl ?? ELEVENLABS_DEFAULTS.baseUrl;
  }

  /**
   * The account's voices (`GET /v1/voices`: premade, cloned, from the library), each labelled
   * with its name and what ElevenLabs says of it; kept for a few minutes.
   */
  voices(signal: AbortSignal): Promise<readonly VoiceOption[]> {
    const now = performance.now();
    if (this.voiceList && now - this.voiceList.atMs < VOICES_TTL_MS) return this.voiceList.voices;
    const voices = this.fetchVoices(signal);
    this.voiceList = { atMs: now, voices };
    // A failure is not kept: the next caller asks again.
    voices.catch(() => {
      if (this.voiceList?.voices === voices) this.voiceList = null;
    });
    return voices;
  }

  private async fetchVoices(signal: AbortSignal): Promise<readonly VoiceOption[]> {
    const id = this.info.id;
    const res = await providerFetch(id, joinUrl(this.baseUrl, '/v1/voices'), {
      headers: { 'xi-api-key': this.apiKey },
      signal,
    });
    const parsed = voicesResponse.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw new ProviderError(id, 'protocol', 'malformed voice list');
    return parsed.data.voices.map((v) => {
      const about = [v.labels?.accent, v.labels?.description].filter((l) => !!l);
      return { id: v.voice_id, label: about.length ? `${v.name} (${about.join(', ')})` : v.name };
    });
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
    const voiceId = voiceIdFor(request.voice, this.voiceId);
    const path = `/v1/text-to-speech/${encodeURIComponent(voiceId)}/stream`;
    const url = `${joinUrl(this.baseUrl, path)}?output_format=pcm_${this.sampleRateHz}`;
    const speed = speedFor(request.speakingRate);
    const body = {
      text,
      model_id: this.model,
      ...(speed === undefined ? {} : { voice_settings: { speed } }),
    };
    const headers = { 'xi-api-key': this.apiKey };
    const samples = yield* postForPcm(this.info.id, url, headers, body, signal);
    this.log.debug({ chars: text.length, samples }, 'tts done');
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** The voice a request is said in: the user's, when it is an ElevenLabs voice id; else `configured`. */
export function voiceIdFor(requested: string | undefined, configured: string): string {
  return requested && VOICE_ID.test(requested) ? requested : configured;
}

/** ElevenLabs' `voice_settings.speed` for a pace (clamped to its range); undefined: its own. */
export function speedFor(rate: number | undefined): number | undefined {
  return rate === undefined || rate === 1
    ? undefined
    : Math.min(SPEED.max, Math.max(SPEED.min, rate));
}

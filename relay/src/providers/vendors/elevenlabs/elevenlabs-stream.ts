import type { ProviderInfo } from '@parley/shared';
import { logger, type Logger } from '../../../log/logger.ts';
import { pcm16Blocks } from '../../net/pcm-stream.ts';
import { secretsSent } from '../../../secrets/secret-scrub.ts';
import type { TtsProvider, TtsRequest, VoiceOption, WrittenTtsRequest } from '../../stages/tts.ts';
import {
  ELEVENLABS_DEFAULTS,
  ElevenLabsTts,
  speedFor,
  voiceIdFor,
  type ElevenLabsSampleRateHz,
  type ElevenLabsTtsOptions,
} from './elevenlabs.ts';
import { InputSocket } from './elevenlabs-input-socket.ts';

/**
 * ElevenLabs with its streaming input (`wss://…/v1/text-to-speech/:voice/stream-input`): a
 * reply's segment goes to the voice word by word as the language model writes it, over a socket
 * opened at its first words, instead of in one request once it is written. The socket is set up
 * and the text is there while the model writes; the voice generates as soon as its buffer holds
 * enough text (ElevenLabs' chunk schedule, 120 characters first) or the segment ends (the end of
 * input, `{"text": ""}`, which also flushes). Whole texts (an apology, a sample, a probe) and the
 * voice list go by the HTTP API ({@link ElevenLabsTts}); both bill as `elevenlabs:<model>`.
 *
 * Protocol: the first message is `{"text": " "}` (with `voice_settings.speed` for a pace),
 * then `{"text": "<words> "}` per piece, then `{"text": ""}`; the server answers
 * `{"audio": "<base64 PCM16LE>", …}` messages and `{"isFinal": true}`, then closes. The key goes
 * in the `xi-api-key` header of the upgrade, never in a message.
 */
export class ElevenLabsStreamTts implements TtsProvider {
  readonly info: ProviderInfo;
  readonly sampleRateHz: ElevenLabsSampleRateHz;
  readonly supportsSpeakingRate = true;
  private readonly http: ElevenLabsTts;
  private readonly log: Logger;
  private readonly socketBase: string;

  constructor(private readonly options: ElevenLabsTtsOptions) {
    this.http = new ElevenLabsTts(options);
    this.info = this.http.info;
    this.sampleRateHz = this.http.sampleRateHz;
    this.log = logger('relay:tts', { provider: this.info.id });
    this.socketBase = (options.baseUrl ?? ELEVENLABS_DEFAULTS.baseUrl)
      .replace(/^http/, 'ws')
      .replace(/\/+$/, '');
  }

  voices(signal: AbortSignal): Promise<readonly VoiceOption[]> {
    return this.http.voices(signal);
  }

  probe(signal: AbortSignal): Promise<void> {
    return this.http.probe(signal);
  }

  synthesize(request: TtsRequest): AsyncIterable<Int16Array> {
    return this.http.synthesize(request);
  }

  /**
   * Yields the segment's audio as it comes, and an empty block each time the voice took more
   * text: a chain's deadlines count the language model's writing as the stream's life, not as
   * the voice's silence. Aborting (or stopping the iteration) drops the socket.
   */
  async *synthesizeWritten(
    request: WrittenTtsRequest,
  ): AsyncGenerator<Int16Array, void, undefined> {
    const { signal } = request;
    signal.throwIfAborted();
    const voiceId = voiceIdFor(request.voice, this.options.voiceId ?? ELEVENLABS_DEFAULTS.voiceId);
    const query = new URLSearchParams({
      model_id: this.options.model ?? ELEVENLABS_DEFAULTS.model,
      output_format: `pcm_${this.sampleRateHz}`,
    });
    const url = `${this.socketBase}/v1/text-to-speech/${encodeURIComponent(voiceId)}/stream-input?${query.toString()}`;
    const headers = { 'xi-api-key': this.options.apiKey };
    const socket = new InputSocket(this.info.id, url, headers, secretsSent(url, headers));
    const onAbort = () => socket.drop(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const speed = speedFor(request.speakingRate);
      void this.write(socket, request, speed);
      let samples = 0;
      for await (const block of pcm16Blocks(this.info.id, socket.received())) {
        samples += block.length;
        yield block;
      }
      signal.throwIfAborted();
      this.log.debug({ chars: request.text.soFar.length, samples }, 'tts done (streamed input)');
    } finally {
      signal.removeEventListener('abort', onAbort);
      socket.drop(new DOMException('synthesis no longer needed', 'AbortError'));
    }
  }

  close(): Promise<void> {
    return this.http.close();
  }

  /** Sends the text as it is written, then the end of input; a failure ends the socket. */
  private async write(
    socket: InputSocket,
    request: WrittenTtsRequest,
    speed: number | undefined,
  ): Promise<void> {
    try {
      socket.send({ text: ' ', ...(speed === undefined ? {} : { voice_settings: { speed } }) });
      for await (const piece of request.text.pieces(request.signal)) socket.send({ text: piece });
      socket.send({ text: '' });
    } catch (err) {
      socket.drop(err);
    }
  }
}

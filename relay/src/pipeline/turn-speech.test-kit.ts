import { RelayError } from '../errors.ts';
import { logger } from '../log/logger.ts';
import type { Usage } from '../metering/usage.ts';
import { OpenAiSpeechTts } from '../providers/vendors/openai/speech.ts';
import { FailoverTts } from '../providers/resilience/failover-tts.ts';
import { ProviderSlot } from '../providers/resilience/provider-slot.ts';
import { ElevenLabsTts } from '../providers/vendors/elevenlabs/elevenlabs.ts';
import { ElevenLabsStreamTts } from '../providers/vendors/elevenlabs/elevenlabs-stream.ts';
import { FliteTts } from '../providers/embedded/flite/flite.ts';
import type { TtsProvider } from '../providers/stages/tts.ts';
import type { FakeElevenLabs } from '../../test/fakes/elevenlabs-server.ts';
import type { FakeElevenLabsInput } from '../../test/fakes/elevenlabs-stream-server.ts';
import type { FakeOpenAi } from '../../test/fakes/openai-server.ts';
import type { TurnOutput, TurnResult } from './turn-options.ts';

/**
 * The real voices the speaking tests speak with, against the fake servers of `relay/test/fakes`
 * (the network is the only thing faked): the one file of the pipeline's tests that knows where
 * the adapters live.
 */

/** OpenAI's speech adapter (`alpha:tts-fake`, raw PCM at 24 kHz) against `server`. */
export function openAiVoice(server: FakeOpenAi): TtsProvider {
  return new OpenAiSpeechTts({
    name: 'alpha',
    baseUrl: server.baseUrl,
    model: 'tts-fake',
    voice: 'alloy',
    sampleRateHz: 24_000,
  });
}

/** ElevenLabs' adapter (`elevenlabs:eleven_flash_v2_5`) against `server`, at `rateHz`. */
export function elevenLabsVoice(server: FakeElevenLabs, rateHz: 16_000 | 24_000): TtsProvider {
  return new ElevenLabsTts({ apiKey: 'el-key', baseUrl: server.url, sampleRateHz: rateHz });
}

/** ElevenLabs with its streaming input (the same id) against `server`, at `rateHz`. */
export function elevenLabsStreamVoice(
  server: FakeElevenLabsInput,
  rateHz: 16_000 | 24_000,
): TtsProvider {
  return new ElevenLabsStreamTts({ apiKey: 'el-key', baseUrl: server.url, sampleRateHz: rateHz });
}

/** The embedded voice, one worker. */
export function fliteVoice(): FliteTts {
  return new FliteTts({ workers: 1 });
}

/**
 * `voices` as the relay chains them: before its first audio a voice that fails or is silent for
 * a second is passed over; a stream silent for half a second has stalled; breakers never open.
 */
export function chainOf(...voices: TtsProvider[]): TtsProvider {
  const slots = voices.map(
    (v, rank) =>
      new ProviderSlot('tts', rank, v, { failureThreshold: 1000, cooldownMs: 0, now: Date.now }),
  );
  return new FailoverTts(slots, { firstMs: 1000, stallMs: 500 }, logger('test:tts-chain'));
}

/**
 * What the speaking wrote, in order: `segment i@start: text`, `error: code`, and runs of frames
 * as `audio n` (n samples) or `silence n` (frames all zero: the pause before a voice says a cut
 * sentence again).
 */
export function recorder() {
  const events: string[] = [];
  const errors: RelayError[] = [];
  const clock = { ms: 100 };
  let samples = 0;
  let onAudio: (() => void) | null = null;
  const output: TurnOutput = {
    transcript: () => undefined,
    replyDelta: () => undefined,
    segment: (index, text, startSample) => {
      // Each segment is announced with its first audio: 250 ms after the call went out.
      clock.ms += 250;
      events.push(`segment ${index}@${startSample}: ${text}`);
    },
    audio: (frame) => {
      samples += frame.length;
      const kind = frame.every((s) => s === 0) ? 'silence' : 'audio';
      const last = events.at(-1);
      const run = last?.startsWith(`${kind} `) ? Number(last.slice(kind.length + 1)) : null;
      if (run === null) events.push(`${kind} ${frame.length}`);
      else events[events.length - 1] = `${kind} ${run + frame.length}`;
      onAudio?.();
    },
    error: (err) => {
      errors.push(err);
      events.push(`error: ${err.code}`);
    },
  };
  return {
    output,
    events,
    errors,
    clock,
    get samples() {
      return samples;
    },
    /** Called after each frame goes out. */
    afterEachFrame(f: () => void) {
      onAudio = f;
    },
  };
}

/** The money side: each call metered (`tts provider #seq characters`), and the budget's say. */
export function ledger(refuseFromCall = Infinity) {
  const rows: string[] = [];
  let asked = 0;
  return {
    rows,
    billing: {
      allow: () =>
        asked++ >= refuseFromCall ? RelayError.budgetExceeded('The budget is spent.') : null,
      record: (_turnId: number, seq: number, usage: Usage) =>
        rows.push(
          `${usage.stage} ${usage.providerId} #${seq} ${'characters' in usage ? usage.characters : ''}${usage.speculative ? ' held' : ''}`,
        ),
    },
  };
}

/** A turn's result before anything was said. */
export function emptyResult(): TurnResult {
  return {
    status: 'completed',
    transcript: '',
    reply: '',
    audioSamples: 0,
    timings: {},
    servedBy: {},
    marks: {},
  };
}

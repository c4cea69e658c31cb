import { CHUNK_SAMPLES, SAMPLE_RATE_HZ } from '@parley/shared';
import { abortable } from '../../abortable.ts';
import type { AsrProvider } from '../stages/asr.ts';
import type { LlmProvider } from '../stages/llm.ts';
import type { TtsProvider } from '../stages/tts.ts';

/**
 * Trials: a real, minimal call of a provider's stage, made by the background monitor to test a
 * half-open provider (a `/models` probe only says the server is reachable; these say the stage
 * works). Each resolves once the provider produced its first output (a token, audio, a
 * transcript) and rejects when it fails; the caller's `signal` carries the deadline. They cost a
 * few tokens, characters or half a second of audio per cool-down of a provider that is down, and
 * are not billed to any user.
 */

/** What an LLM trial asks. */
export const LLM_TRIAL_TEXT = 'Reply with the word OK.';
/** What a TTS trial says. */
export const TTS_TRIAL_TEXT = 'OK.';
/** Silence an ASR trial sends (samples at {@link SAMPLE_RATE_HZ}: half a second). */
const ASR_TRIAL_SAMPLES = SAMPLE_RATE_HZ / 2;

export async function llmTrial(provider: LlmProvider, signal: AbortSignal): Promise<void> {
  const messages = [{ role: 'user' as const, content: LLM_TRIAL_TEXT }];
  // Leaving the loop at the first token closes the request: no more is generated (or billed).
  for await (const event of provider.stream({ messages, signal })) {
    if (event.type === 'text' && event.text !== '') return;
  }
  signal.throwIfAborted();
}

export async function ttsTrial(provider: TtsProvider, signal: AbortSignal): Promise<void> {
  for await (const pcm of provider.synthesize({ text: TTS_TRIAL_TEXT, signal })) {
    if (pcm.length > 0) return;
  }
  signal.throwIfAborted();
  throw new Error(`${provider.info.id}: no audio`);
}

export async function asrTrial(provider: AsrProvider, signal: AbortSignal): Promise<void> {
  const stream = provider.start({ sampleRateHz: SAMPLE_RATE_HZ, signal });
  try {
    for (let at = 0; at < ASR_TRIAL_SAMPLES; at += CHUNK_SAMPLES)
      stream.write(new Int16Array(CHUNK_SAMPLES));
    // Any transcript will do (silence may give none): the provider answered.
    await abortable(stream.finish(), signal);
  } catch (err) {
    stream.abort();
    throw err;
  }
}

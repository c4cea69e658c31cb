import { CHUNK_SAMPLES, SAMPLE_RATE_HZ, type Stage, type StageTestResult } from '@parley/shared';
import { abortable } from '../abortable.ts';
import { describeError } from '../errors.ts';
import type { Logger } from '../log/logger.ts';
import type { ProviderPlan, ProviderSpec } from '../providers/config/provider-plan.ts';
import type { EmbeddedEngines } from '../providers/embedded/embedded-engines.ts';
import { instantiate } from '../providers/provider-set.ts';
import { familyOf } from '../providers/provider-kinds.ts';
import type { AsrProvider } from '../providers/stages/asr.ts';
import type { LlmProvider } from '../providers/stages/llm.ts';
import type { TtsProvider } from '../providers/stages/tts.ts';
import { scrubSecrets } from '../secrets/secret-scrub.ts';
import { plainWords } from './plain-words.ts';

/** How long a test call may take in all (ms). */
export const STAGE_TEST_TIMEOUT_MS = 15_000;
/** What the LLM test asks (one token of answer is enough). */
const LLM_TEST_TEXT = 'Reply with the word OK.';
/** What the TTS test says, and the ASR test's speech. */
const TEST_WORD = 'Hello.';

const ms = (since: number) => Math.round(performance.now() - since);

/**
 * A real, minimal request to a provider, as the relay would make it (the provider built from
 * `spec` by the relay's own adapters): the LLM a one-token completion, the voice a one-word
 * synthesis, the recogniser a one-second transcription (a word said by `voice`, the embedded
 * one). Answers the latency, or the provider's error in plain words (what it said is logged,
 * scrubbed, for the operator: the caller may be shown an internal service's body otherwise).
 */
export async function testStage(
  stage: Stage,
  spec: ProviderSpec,
  deps: {
    plan: ProviderPlan;
    engines: EmbeddedEngines;
    /** Says the word the recogniser is tested on. */
    voice: TtsProvider;
    /** Where a failure's scrubbed detail goes. */
    log: Logger;
    timeoutMs?: number;
  },
): Promise<StageTestResult> {
  const timeoutMs = deps.timeoutMs ?? STAGE_TEST_TIMEOUT_MS;
  const signal = AbortSignal.timeout(timeoutMs);
  const call = {
    baseUrl: spec.baseUrl ?? 'the relay',
    model: spec.model,
    apiKey: spec.apiKey,
    timeoutMs,
    openAiCompatible: familyOf(spec).openAiCompatible,
  };
  const plan = { ...deps.plan, llmMaxTokens: 1, systemPrompt: 'Answer in one word.' };
  const opened: { close(): Promise<void> }[] = [];
  const build = async <P extends { close(): Promise<void> }>(made: Promise<P>): Promise<P> => {
    const provider = await made;
    if (!deps.engines.owns(provider)) opened.push(provider);
    return provider;
  };
  try {
    switch (stage) {
      case 'llm':
        return await testLlm(await build(instantiate('llm', spec, plan, deps.engines)), signal);
      case 'tts':
        return await testTts(await build(instantiate('tts', spec, plan, deps.engines)), signal);
      case 'asr': {
        const asr = await build(instantiate('asr', spec, plan, deps.engines));
        return await testAsr(asr, deps.voice, signal);
      }
    }
  } catch (err) {
    const secrets = call.apiKey === undefined ? [] : [call.apiKey];
    deps.log.warn(
      { stage, provider: spec.name, err: scrubSecrets(describeError(err), secrets) },
      'a provider test failed',
    );
    return { ok: false, ...plainWords(err, call) };
  } finally {
    await Promise.allSettled(opened.map((p) => p.close()));
  }
}

async function testLlm(llm: LlmProvider, signal: AbortSignal): Promise<StageTestResult> {
  const started = performance.now();
  const messages = [{ role: 'user' as const, content: LLM_TEST_TEXT }];
  // Leaving at the first token closes the request: nothing more is generated or billed.
  for await (const event of llm.stream({ messages, signal })) {
    if (event.type === 'text' && event.text.trim() !== '') {
      const latencyMs = ms(started);
      return {
        ok: true,
        latencyMs,
        detail: `${llm.info.label} answered "${event.text.trim()}" after ${latencyMs} ms`,
      };
    }
  }
  signal.throwIfAborted();
  return { ok: false, message: `${llm.info.label} answered with no text` };
}

async function testTts(tts: TtsProvider, signal: AbortSignal): Promise<StageTestResult> {
  const started = performance.now();
  let firstMs: number | null = null;
  let samples = 0;
  for await (const pcm of tts.synthesize({ text: TEST_WORD, signal })) {
    if (pcm.length > 0) firstMs ??= ms(started);
    samples += pcm.length;
  }
  if (firstMs === null) return { ok: false, message: `${tts.info.label} sent no audio` };
  const audioMs = Math.round((samples / tts.sampleRateHz) * 1000);
  return {
    ok: true,
    latencyMs: firstMs,
    detail: `${tts.info.label} said "${TEST_WORD}" (${audioMs} ms of audio at ${tts.sampleRateHz} Hz), first audio after ${firstMs} ms`,
  };
}

async function testAsr(
  asr: AsrProvider,
  voice: TtsProvider,
  signal: AbortSignal,
): Promise<StageTestResult> {
  const speech = await oneSecondOf(voice, signal);
  const stream = asr.start({ sampleRateHz: voice.sampleRateHz, signal });
  try {
    for (let at = 0; at < speech.length; at += CHUNK_SAMPLES)
      stream.write(speech.subarray(at, at + CHUNK_SAMPLES));
    const started = performance.now();
    const result = await abortable(stream.finish(), signal);
    const latencyMs = ms(started);
    return {
      ok: true,
      latencyMs,
      detail: `${asr.info.label} heard ${result.text ? `"${result.text}"` : 'nothing'} in a second of speech, ${latencyMs} ms after its end`,
    };
  } catch (err) {
    stream.abort();
    throw err;
  }
}

/** `TEST_WORD` said by `voice`, padded with silence (or cut) to one second. */
async function oneSecondOf(voice: TtsProvider, signal: AbortSignal): Promise<Int16Array> {
  const rateHz = voice.sampleRateHz || SAMPLE_RATE_HZ;
  const second = new Int16Array(rateHz);
  // A little silence first, as a microphone would give before the word.
  let at = Math.round(rateHz / 10);
  for await (const pcm of voice.synthesize({ text: TEST_WORD, signal })) {
    const room = second.length - at;
    if (room <= 0) break;
    second.set(pcm.subarray(0, room), at);
    at += Math.min(room, pcm.length);
  }
  return second;
}

import { describe, expect, it } from 'vitest';
import type { AsrProvider } from '../stages/asr.ts';
import type { LlmProvider, LlmRequest } from '../stages/llm.ts';
import type { TtsProvider } from '../stages/tts.ts';
import { asrTrial, LLM_TRIAL_TEXT, llmTrial, TTS_TRIAL_TEXT, ttsTrial } from './stage-trial.ts';

const info = { id: 'p', label: 'p' };
const signal = () => new AbortController().signal;

describe('stage trials', () => {
  it('LLM: asks a one-line question and leaves at the first token (no more is generated)', async () => {
    const asked: LlmRequest[] = [];
    let closed = false;
    let tokens = 0;
    const llm: LlmProvider = {
      info,
      async *stream(request) {
        asked.push(request);
        try {
          for (;;) {
            tokens++;
            yield await Promise.resolve({ type: 'text' as const, text: 'OK' });
          }
        } finally {
          closed = true;
        }
      },
      close: () => Promise.resolve(),
    };
    await llmTrial(llm, signal());
    expect(asked[0]?.messages).toEqual([{ role: 'user', content: LLM_TRIAL_TEXT }]);
    expect([tokens, closed]).toEqual([1, true]);
  });

  it('TTS: says a word, and fails when no audio comes', async () => {
    const said: string[] = [];
    const tts = (blocks: Int16Array[]): TtsProvider => ({
      info,
      sampleRateHz: 16_000,
      async *synthesize(request) {
        said.push(request.text);
        for (const b of blocks) yield await Promise.resolve(b);
      },
      close: () => Promise.resolve(),
    });
    await ttsTrial(tts([new Int16Array(0), new Int16Array(160)]), signal());
    expect(said).toEqual([TTS_TRIAL_TEXT]);
    await expect(ttsTrial(tts([]), signal())).rejects.toThrow(/no audio/);
  });

  it('ASR: sends half a second of silence, takes any transcript, aborts the stream on failure', async () => {
    const heard: number[] = [];
    let aborted = false;
    const asr = (fail: boolean): AsrProvider => ({
      info,
      start: () => ({
        write: (samples) => heard.push(samples.length),
        finish: () =>
          fail
            ? Promise.reject(new Error('HTTP 500'))
            : Promise.resolve({ text: '', audioMs: 500 }),
        abort: () => (aborted = true),
      }),
      close: () => Promise.resolve(),
    });
    await asrTrial(asr(false), signal());
    expect(heard.reduce((a, b) => a + b, 0)).toBe(8000);
    expect(aborted).toBe(false);
    await expect(asrTrial(asr(true), signal())).rejects.toThrow(/HTTP 500/);
    expect(aborted).toBe(true);
  });
});

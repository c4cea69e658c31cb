import { describe, expect, it } from 'vitest';
import { modelsForStage } from './stage-models.ts';

/** OpenAI's list, in part, and a local server's. */
const OPENAI = [
  'babbage-002',
  'chatgpt-4o-latest',
  'dall-e-3',
  'gpt-4o-audio-preview',
  'gpt-4o-mini',
  'gpt-4o-mini-realtime-preview',
  'gpt-4o-mini-transcribe',
  'gpt-4o-mini-tts',
  'gpt-image-1',
  'o3-mini',
  'omni-moderation-latest',
  'text-embedding-3-small',
  'tts-1',
  'tts-1-hd',
  'whisper-1',
];
const GROQ = ['distil-whisper-large-v3-en', 'llama-3.1-8b-instant', 'playai-tts', 'qwen-qwq-32b'];
const OLLAMA = ['llama3.2:latest', 'nomic-embed-text:latest', 'qwen2.5:0.5b-instruct'];

describe('modelsForStage', () => {
  it('offers a language model only the chat models of a mixed list', () => {
    expect(modelsForStage('llm', OPENAI)).toEqual(['chatgpt-4o-latest', 'gpt-4o-mini', 'o3-mini']);
    expect(modelsForStage('llm', GROQ)).toEqual(['llama-3.1-8b-instant', 'qwen-qwq-32b']);
    expect(modelsForStage('llm', OLLAMA)).toEqual(['llama3.2:latest', 'qwen2.5:0.5b-instruct']);
  });

  it('offers speech recognition the recognisers, and the voice the voices', () => {
    expect(modelsForStage('asr', OPENAI)).toEqual(['gpt-4o-mini-transcribe', 'whisper-1']);
    expect(modelsForStage('tts', OPENAI)).toEqual(['gpt-4o-mini-tts', 'tts-1', 'tts-1-hd']);
    expect(modelsForStage('asr', GROQ)).toEqual(['distil-whisper-large-v3-en']);
    expect(modelsForStage('tts', GROQ)).toEqual(['playai-tts']);
  });

  it('keeps a whole list whose names say nothing of speech, rather than offering nothing', () => {
    expect(modelsForStage('asr', ['my-recogniser'])).toEqual(['my-recogniser']);
    expect(modelsForStage('tts', OLLAMA)).toEqual(OLLAMA);
  });
});

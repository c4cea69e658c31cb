import { openAiCompatibleKind } from '../openai/openai-kinds.ts';

/** Groq's hosted models (OpenAI's API): chat and Whisper transcription. */
export const GROQ_KIND = openAiCompatibleKind({
  kind: 'groq',
  label: 'Groq',
  stages: ['asr', 'llm'],
  defaultModels: { llm: 'llama-3.1-8b-instant', asr: 'whisper-large-v3-turbo' },
  baseUrl: 'https://api.groq.com/openai/v1',
  needsKey: true,
});

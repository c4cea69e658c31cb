import { openAiCompatibleKind } from '../openai/openai-kinds.ts';

/** OpenRouter (OpenAI's API): hundreds of hosted chat models, so one must be chosen. */
export const OPENROUTER_KIND = openAiCompatibleKind({
  kind: 'openrouter',
  label: 'OpenRouter',
  stages: ['llm'],
  baseUrl: 'https://openrouter.ai/api/v1',
  needsKey: true,
});

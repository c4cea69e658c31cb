import { openAiCompatibleKind } from '../openai/openai-kinds.ts';

/** Together AI (OpenAI's API): hundreds of hosted chat models, so one must be chosen. */
export const TOGETHER_KIND = openAiCompatibleKind({
  kind: 'together',
  label: 'Together',
  stages: ['llm'],
  baseUrl: 'https://api.together.xyz/v1',
  needsKey: true,
});

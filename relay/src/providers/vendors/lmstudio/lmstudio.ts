import { openAiCompatibleKind } from '../openai/openai-kinds.ts';

/**
 * LM Studio's server on this machine, named in `*_PROVIDERS` (`LLM_PROVIDERS=lmstudio`). The
 * settings find a running one and offer it as an OpenAI-compatible server.
 */
export const LMSTUDIO_KIND = openAiCompatibleKind({
  kind: 'lmstudio',
  label: 'LM Studio',
  baseUrl: 'http://127.0.0.1:1234/v1',
  needsKey: false,
  inSettings: false,
});

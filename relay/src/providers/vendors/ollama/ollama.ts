import { openAiCompatibleKind } from '../openai/openai-kinds.ts';

/**
 * Ollama on this machine, named in `*_PROVIDERS` (`LLM_PROVIDERS=ollama`, `OLLAMA_LLM_MODEL`).
 * The settings find a running one and offer it as an OpenAI-compatible server.
 */
export const OLLAMA_KIND = openAiCompatibleKind({
  kind: 'ollama',
  label: 'Ollama',
  baseUrl: 'http://127.0.0.1:11434/v1',
  needsKey: false,
  inSettings: false,
});

import { joinUrl, probeGet } from '../../net/http.ts';

/** Where an OpenAI-compatible server lives and how to call it. */
export interface OpenAiEndpoint {
  /** Instance name from the configuration (`openai`, `groq`, `ollama`…): the id's prefix. */
  name: string;
  /** Base URL including the version path, e.g. `https://api.openai.com/v1`. */
  baseUrl: string;
  /** Bearer key; local servers (Ollama, llama.cpp server) may need none. */
  apiKey?: string;
}

/** Lists the server's models: the health probe of every OpenAI-compatible adapter. */
export function probeModels(
  providerId: string,
  endpoint: OpenAiEndpoint,
  signal: AbortSignal,
): Promise<void> {
  return probeGet(providerId, joinUrl(endpoint.baseUrl, 'models'), authHeaders(endpoint), signal);
}

export function authHeaders(endpoint: OpenAiEndpoint): Record<string, string> {
  return endpoint.apiKey ? { Authorization: `Bearer ${endpoint.apiKey}` } : {};
}

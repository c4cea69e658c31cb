/**
 * One provider of a chain as the configuration asks for it: plain data (compared to tell a
 * changed chain, never logged with its key). Its kind's adapters read the rest of its settings
 * (a voice, a sample rate, a model file) through the shape they declare (`FamilyDef.spec`).
 */
export interface ProviderSpec {
  /** The adapters that serve it (their family's id: `openai` for any OpenAI-compatible server). */
  kind: string;
  /** Instance name (`openai`, `groq`, `ollama`, or any name the user picks). */
  name: string;
  baseUrl?: string | undefined;
  apiKey?: string | undefined;
  model?: string | undefined;
  readonly [setting: string]: unknown;
}

import type { Stage } from '@parley/shared';

/**
 * Model names that serve something other than chat: speech in or out, embeddings, images,
 * moderation, realtime sessions, and the completion-only base models. One list (OpenAI's, Groq's,
 * a local server's) mixes them all; a language model chosen from among them fails every turn.
 */
const NOT_CHAT =
  /whisper|transcri|tts|text-to-speech|speech|audio|embed|dall-e|image|moderation|realtime|rerank|^(babbage|davinci)-\d/i;
/** Speech recognisers' names (OpenAI's, Groq's, faster-whisper servers', NVIDIA's). */
const HEARS = /whisper|transcri|speech-to-text|stt|asr|parakeet|canary/i;
/** Voices' names (OpenAI's, Groq's PlayAI, Kokoro and Piper servers', ElevenLabs'). */
const SPEAKS = /tts|text-to-speech|kokoro|piper|eleven|xtts|orpheus/i;

/**
 * The models of a provider's list that serve `stage`: for the language model, every one that is
 * not known to serve something else; for speech recognition and the voice, the ones named for
 * it — or, when none is (a server that names its models its own way), the whole list, rather
 * than none to choose from.
 */
export function modelsForStage(stage: Stage, models: readonly string[]): string[] {
  if (stage === 'llm') return models.filter((m) => !NOT_CHAT.test(m));
  const [own, other] = stage === 'asr' ? [HEARS, SPEAKS] : [SPEAKS, HEARS];
  const named = models.filter((m) => own.test(m) && !other.test(m));
  return named.length > 0 ? named : [...models];
}

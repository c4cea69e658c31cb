import { z } from 'zod';

/** The stages of a turn, in order: speech recognition, language model, speech synthesis. */
export const STAGES = ['asr', 'llm', 'tts'] as const;
export const stage = z.enum(STAGES);
/** One stage of a turn; each is a failover chain of providers on the relay. */
export type Stage = z.infer<typeof stage>;

import { z } from 'zod';

// Fields every message of the wire protocol shares the shape of.

/** An id the relay made (a session's): URL-safe characters. */
export const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/);
/** A sequence number (uint32). */
export const seq = z.number().int().min(0).max(0xffffffff);
/** The turn this belongs to: the client numbers its turns, upwards, within a session. */
export const turnId = z.number().int().min(0).max(0xffffffff);
/** Epoch milliseconds (may be fractional). */
export const epochMs = z.number().nonnegative();

/** The client's id for one turn, carried into the relay's logs and back in `turn.done`. */
export const traceId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** How audio travels: raw PCM16, or Opus packets (see `opus-frame.ts`). */
export const AUDIO_CODECS = ['opus', 'pcm16'] as const;
export const audioCodec = z.enum(AUDIO_CODECS);
export type AudioCodec = z.infer<typeof audioCodec>;

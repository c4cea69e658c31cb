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

/**
 * The id of one turn, carried into the relay's logs and back in `turn.done`: the client's, or the
 * relay's when the client sent none.
 */
export const traceId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/**
 * A new random {@link traceId} (128 bits, 32 hex), as the web app and the relay make them: a W3C
 * trace id, so that the latency panel's id is the trace's in a tracing backend.
 */
export function newTraceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** How audio travels: raw PCM16, or Opus packets (see `opus-frame.ts`). */
export const AUDIO_CODECS = ['opus', 'pcm16'] as const;
export const audioCodec = z.enum(AUDIO_CODECS);
export type AudioCodec = z.infer<typeof audioCodec>;

/**
 * The speaker the reply plays through: `AudioContext.setSinkId` (Chromium 110+, not yet in
 * TypeScript's DOM lib). Where the browser lacks it, the system's output is the only one.
 */

interface SinkChoice {
  setSinkId(sinkId: string): Promise<void>;
  readonly sinkId: string | { type: 'none' };
}

/** Whether this browser lets the page choose where an AudioContext plays. */
export function speakerSelectable(): boolean {
  return typeof AudioContext !== 'undefined' && 'setSinkId' in AudioContext.prototype;
}

/**
 * Plays `context` through output `deviceId` (null or Chromium's `default`: the system's
 * output). Resolves with the output in use: the chosen one, or null when it cannot be used
 * (gone, refused, or no choice in this browser) and the system's output plays instead.
 */
export async function playThrough(
  context: AudioContext,
  deviceId: string | null,
): Promise<string | null> {
  const sink = context as AudioContext & Partial<SinkChoice>;
  if (typeof sink.setSinkId !== 'function') return null;
  const wanted = deviceId === null || deviceId === 'default' ? '' : deviceId;
  if (sink.sinkId === wanted) return wanted || null;
  try {
    await sink.setSinkId(wanted);
    return wanted || null;
  } catch {
    if (sink.sinkId !== '') await sink.setSinkId('').catch(() => undefined);
    return null;
  }
}

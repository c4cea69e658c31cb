/** A block of reply audio as it arrived: when (epoch ms) and how much (ms of sound). */
export interface AudioArrival {
  atMs: number;
  durationMs: number;
}

/** What a listener heard of silence after the end of their speech. */
export interface HeardSilence {
  /** End of speech → the first reply audio (ms); null: none came. */
  firstAudioMs: number | null;
  /** The longest silence from the end of speech to the end of the last audio (ms). */
  longestMs: number | null;
}

/**
 * The silences heard after `fromMs` (the end of the user's speech) were the reply's audio played
 * as it arrives — each block after the one before it, or when it arrives if that one has ended
 * (a player with no jitter buffer): audio sent faster than it plays fills later gaps. With
 * `untilMs`, only the silence heard up to then counts (e.g. while a tool ran). Pure.
 */
export function heardSilences(
  fromMs: number,
  arrivals: readonly AudioArrival[],
  untilMs = Number.POSITIVE_INFINITY,
): HeardSilence {
  const first = arrivals[0];
  if (!first) return { firstAudioMs: null, longestMs: null };
  let playedUntil = fromMs;
  let longest = 0;
  for (const a of arrivals) {
    if (a.atMs < fromMs) {
      playedUntil = Math.max(playedUntil, a.atMs + a.durationMs);
      continue;
    }
    longest = Math.max(longest, Math.min(a.atMs, untilMs) - playedUntil);
    playedUntil = Math.max(playedUntil, a.atMs) + a.durationMs;
  }
  return { firstAudioMs: Math.round(first.atMs - fromMs), longestMs: Math.round(longest) };
}

/** A sentence of a reply and where its audio starts in the turn (samples, output rate). */
export interface SpokenSegment {
  text: string;
  startSample: number;
}

/**
 * What the user heard of a reply they interrupted, from the TTS segment boundaries sent and the
 * number of reply samples the client says reached the speaker. Segments played to their end
 * count whole; in the segment that was playing, the words are placed in proportion to their
 * characters and only words heard to their end count — the history must never claim the user
 * heard a word they did not. Pure.
 *
 * @param totalSamples reply samples sent for the turn (the end of the last segment)
 */
export function heardText(
  segments: readonly SpokenSegment[],
  totalSamples: number,
  playedSamples: number,
): string {
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (!seg) continue;
    const end = segments[i + 1]?.startSample ?? totalSamples;
    if (playedSamples >= end) {
      // A sentence cut off by its voice claims no words (it is said again next).
      if (seg.text !== '') out.push(seg.text);
      continue;
    }
    if (playedSamples <= seg.startSample || end <= seg.startSample) break;
    const fraction = (playedSamples - seg.startSample) / (end - seg.startSample);
    const words = seg.text.split(/\s+/).filter((w) => w.length > 0);
    const chars = words.reduce((n, w) => n + w.length + 1, 0);
    let at = 0;
    const heard: string[] = [];
    for (const w of words) {
      at += w.length + 1;
      if (at / chars > fraction) break;
      heard.push(w);
    }
    if (heard.length > 0) out.push(heard.join(' '));
    break;
  }
  return out.join(' ');
}

/**
 * What an Opus packet's table-of-contents byte says of its length (RFC 6716 §3.1), so frames of
 * Opus packets can be checked for the audio they hold without decoding them. Pure.
 */

/** Opus counts time at 48 kHz whatever the rate it is decoded at. */
export const OPUS_CLOCK_HZ = 48_000;

/** Longest audio one Opus packet may hold: 120 ms at 48 kHz (RFC 6716 §3.2.5). */
const MAX_PACKET_SAMPLES_48K = 5_760;

/** Frame sizes at 48 kHz by configuration: SILK 10–60 ms, hybrid 10–20 ms, CELT 2.5–20 ms. */
function frameSamples48k(config: number): number {
  if (config < 12) return [480, 960, 1_920, 2_880][config & 3] ?? 0;
  if (config < 16) return [480, 960][config & 1] ?? 0;
  return [120, 240, 480, 960][config & 3] ?? 0;
}

/**
 * The audio an Opus packet holds, in samples at 48 kHz; null when the packet cannot be one
 * (empty, a code-3 packet without its frame count, or longer than 120 ms).
 */
export function opusPacketSamples48k(packet: Uint8Array): number | null {
  const toc = packet[0];
  if (toc === undefined) return null;
  const perFrame = frameSamples48k(toc >> 3);
  const code = toc & 3;
  let frames: number;
  if (code === 0) frames = 1;
  else if (code < 3) frames = 2;
  else {
    const count = packet[1];
    if (count === undefined) return null;
    frames = count & 0x3f;
    if (frames === 0) return null;
  }
  const total = perFrame * frames;
  return total > MAX_PACKET_SAMPLES_48K ? null : total;
}

/** Samples at `rateHz` of audio that lasts `samples48k` at 48 kHz (Opus rates divide it). */
export function opusSamplesAt(samples48k: number, rateHz: number): number {
  return Math.round((samples48k * rateHz) / OPUS_CLOCK_HZ);
}

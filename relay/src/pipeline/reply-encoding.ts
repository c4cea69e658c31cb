import { isOpusRate, OpusStreamEncoder, packetSamples } from '../audio/opus.ts';
import { forwardTo } from './output-forwarding.ts';
import type { TurnOptions } from './turn-options.ts';

/**
 * Samples of the unit reply audio is framed in: a 20 ms Opus packet when the reply goes out as
 * Opus (frames hold whole packets), else one sample.
 */
export function replyPacketSamples(o: Pick<TurnOptions, 'opusReply' | 'outputRateHz'>): number {
  if (!o.opusReply) return 1;
  if (!isOpusRate(o.outputRateHz))
    throw new RangeError(`Opus cannot code reply audio at ${o.outputRateHz} Hz.`);
  return packetSamples(o.outputRateHz);
}

/**
 * Runs a turn (`answer`) whose reply audio, when `o.opusReply` asks for it, is encoded as one
 * Opus stream as it is framed — a speculative answer's audio is encoded while it is held back,
 * not when it is released. The encoder is made at the first audio and freed when the turn is
 * over; audio written after that is dropped.
 */
export async function withReplyEncoding<
  O extends Pick<TurnOptions, 'opusReply' | 'silent' | 'outputRateHz' | 'output'>,
  T,
>(o: O, answer: (o: O) => Promise<T>): Promise<T> {
  const { opusReply } = o;
  if (!opusReply || o.silent === true) return answer(o);
  const rateHz = o.outputRateHz;
  if (!isOpusRate(rateHz)) throw new RangeError(`Opus cannot code reply audio at ${rateHz} Hz.`);
  let encoder: OpusStreamEncoder | null = null;
  let over = false;
  const inner = o.output;
  const output = forwardTo(inner, {
    audio: (samples) => {
      if (over) return;
      encoder ??= new OpusStreamEncoder({ rateHz, bitrate: opusReply.bitrate });
      inner.audio(samples, encoder.encode(samples));
    },
  });
  try {
    return await answer({ ...o, output });
  } finally {
    over = true;
    // `encoder` is assigned inside a callback: TypeScript narrows it to null here.
    (encoder as OpusStreamEncoder | null)?.free();
  }
}

import { Pcm16Decoder } from './pcm-bytes.ts';
import { PcmCheck } from './pcm-check.ts';
import { ProviderError } from './provider-error.ts';

/**
 * A provider's raw PCM16LE body as sample blocks, as it arrives, judged on the way
 * ({@link PcmCheck}): a body that is not audio (text, a container, bytes slipped mid-stream)
 * throws a `protocol` {@link ProviderError} as soon as it shows, after the sound audio before it
 * and before any noise. A body that ends in half a sample throws the same, at its end. A `null`
 * in the body (a provider's sign of life that is no audio: it took more text) is passed on as an
 * empty block.
 */
export async function* pcm16Blocks(
  providerId: string,
  body: AsyncIterable<Uint8Array | null>,
): AsyncGenerator<Int16Array, void, undefined> {
  const decoder = new Pcm16Decoder();
  const check = new PcmCheck();
  for await (const bytes of body) {
    if (bytes === null) {
      yield new Int16Array(0);
      continue;
    }
    const { samples, fault } = check.push(decoder.push(bytes));
    if (samples.length > 0) yield samples;
    if (fault !== null) throw new ProviderError(providerId, 'protocol', fault);
  }
  const { samples, fault } = check.end();
  if (samples.length > 0) yield samples;
  if (fault !== null) throw new ProviderError(providerId, 'protocol', fault);
  if (decoder.pending) throw new ProviderError(providerId, 'protocol', 'audio ends mid-sample');
}

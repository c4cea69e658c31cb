import { describe, expect, it } from 'vitest';
import { pcm16Blocks } from './pcm-stream.ts';
import { ProviderError } from './provider-error.ts';

/** A 300 Hz tone at 16 kHz, little-endian bytes. */
function tone(samples: number): Uint8Array {
  const b = new Uint8Array(samples * 2);
  const v = new DataView(b.buffer);
  for (let i = 0; i < samples; i++) v.setInt16(2 * i, Math.round(8000 * Math.sin(i / 8.5)), true);
  return b;
}

async function* chunks(...parts: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield await Promise.resolve(p);
}

async function drain(body: AsyncIterable<Uint8Array>) {
  const samples: number[] = [];
  try {
    for await (const block of pcm16Blocks('fake:tts', body)) samples.push(...block);
    return { samples, error: null };
  } catch (error) {
    return { samples, error };
  }
}

describe('pcm16Blocks', () => {
  it('yields the whole body of sound audio', async () => {
    const bytes = tone(5000);
    const { samples, error } = await drain(chunks(bytes.subarray(0, 3001), bytes.subarray(3001)));
    expect(error).toBeNull();
    expect(samples).toHaveLength(5000);
  });

  it('stops at a stray byte mid-stream with a protocol error, before the noise', async () => {
    const bytes = tone(5000);
    const { samples, error } = await drain(
      chunks(bytes.subarray(0, 4001), Uint8Array.of(0x7f), bytes.subarray(4001)),
    );
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: 'protocol', providerId: 'fake:tts' });
    expect((error as Error).message).toMatch(/misaligned/);
    expect(samples.length).toBeLessThanOrEqual(2000);
    expect(Math.max(...samples.map(Math.abs))).toBeLessThanOrEqual(8000);
  });

  it('fails at the end of a body cut in half a sample, after all its audio', async () => {
    const { samples, error } = await drain(chunks(tone(3000), Uint8Array.of(0x12)));
    expect(error).toMatchObject({ kind: 'protocol', message: 'fake:tts: audio ends mid-sample' });
    expect(samples).toHaveLength(3000);
  });
});

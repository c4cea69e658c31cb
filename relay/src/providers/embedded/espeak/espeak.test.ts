import { pcm16ToFloat, rms } from '@parley/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ttsConformance } from '../../../../test/conformance/tts-conformance.ts';
import type { TtsRequest } from '../../stages/tts.ts';
import { ESPEAK_RATE_HZ, EspeakTts } from './espeak.ts';
import { ESPEAK_VOICES } from './espeak-voices.ts';

const DUTCH = 'Het is tien over drie. Wat kan ik nog meer voor je doen?';

async function speak(
  tts: EspeakTts,
  request: Omit<TtsRequest, 'signal'>,
  signal = AbortSignal.timeout(30_000),
): Promise<Int16Array> {
  const blocks: Int16Array[] = [];
  for await (const block of tts.synthesize({ ...request, signal })) blocks.push(block);
  const out = new Int16Array(blocks.reduce((n, b) => n + b.length, 0));
  let offset = 0;
  for (const block of blocks) {
    out.set(block, offset);
    offset += block.length;
  }
  return out;
}

const seconds = (samples: Int16Array) => samples.length / ESPEAK_RATE_HZ;

/** Log energy per 10 ms frame: the shape of what was said, in which voice, at what pace. */
function envelope(samples: Int16Array): number[] {
  const frame = ESPEAK_RATE_HZ / 100;
  const out: number[] = [];
  for (let start = 0; start + frame <= samples.length; start += frame) {
    const slice = pcm16ToFloat(samples.subarray(start, start + frame));
    out.push(Math.log10(rms(slice) + 1e-4));
  }
  return out;
}

function distance(a: number[], b: number[]): number {
  const n = Math.max(a.length, b.length);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs((a[i] ?? -4) - (b[i] ?? -4));
  return sum / n;
}

/**
 * Which of `references` (voice id → audio of the same text) said `audio`. eSpeak NG is not
 * sample-exact from one synthesis to the next (its voices jitter), so the audio is matched by
 * its energy envelope: the same voice's is all but identical, another voice's phones fall at
 * other times.
 */
function saidBy(audio: Int16Array, references: Record<string, Int16Array>): string {
  const shape = envelope(audio);
  const ranked = Object.entries(references)
    .map(([voice, ref]) => ({ voice, d: distance(shape, envelope(ref)) }))
    .sort((x, y) => x.d - y.d);
  return ranked[0]?.voice ?? '';
}

describe('EspeakTts', () => {
  let tts: EspeakTts;

  beforeAll(async () => {
    tts = new EspeakTts({ workers: 2 });
    await tts.ready();
  }, 60_000);

  afterAll(async () => {
    await tts.close();
  });

  it('describes itself: offline, Dutch and English among its languages', () => {
    expect(tts.info).toEqual({ id: 'espeak-ng', label: 'eSpeak NG (offline)' });
    expect(tts.sampleRateHz).toBe(22_050);
    expect(tts.languages).toEqual(expect.arrayContaining(['nl', 'en']));
  });

  it('speaks a Dutch sentence as Dutch audio, in its Dutch voice', async () => {
    const dutch = await speak(tts, { text: DUTCH, language: 'nl' });
    expect(seconds(dutch)).toBeGreaterThan(2);
    expect(seconds(dutch)).toBeLessThan(8);
    expect(rms(pcm16ToFloat(dutch))).toBeGreaterThan(0.02);
    const references = {
      nl: await speak(tts, { text: DUTCH, voice: 'nl' }),
      'en-us': await speak(tts, { text: DUTCH, voice: 'en-us' }),
      en: await speak(tts, { text: DUTCH, voice: 'en' }),
    };
    expect(saidBy(dutch, references)).toBe('nl');
  });

  it('never reads Dutch in an English voice the user chose, nor English in a Dutch one', async () => {
    const dutch = await speak(tts, { text: DUTCH, voice: 'en-us', language: 'nl-BE' });
    const dutchRefs = {
      nl: await speak(tts, { text: DUTCH, voice: 'nl' }),
      'en-us': await speak(tts, { text: DUTCH, voice: 'en-us' }),
    };
    expect(saidBy(dutch, dutchRefs)).toBe('nl');
    const english = 'It is ten past three.';
    const asked = await speak(tts, { text: english, voice: 'nl+f3', language: 'en' });
    const englishRefs = {
      'en-us': await speak(tts, { text: english, voice: 'en-us' }),
      'nl+f3': await speak(tts, { text: english, voice: 'nl+f3' }),
    };
    expect(saidBy(asked, englishRefs)).toBe('en-us');
  });

  it("says a text in the user's voice when it speaks the text's language", async () => {
    const female = await speak(tts, { text: DUTCH, voice: 'nl+f3', language: 'nl' });
    const references = {
      nl: await speak(tts, { text: DUTCH, voice: 'nl' }),
      'nl+f3': await speak(tts, { text: DUTCH, voice: 'nl+f3' }),
    };
    expect(saidBy(female, references)).toBe('nl+f3');
    expect(seconds(female)).toBeGreaterThan(2);
  });

  it('refuses a language it has no voice of', async () => {
    await expect(speak(tts, { text: 'こんにちは', language: 'ja' })).rejects.toThrow(/no voice/);
  });

  it('knows every voice it offers', async () => {
    for (const voice of ESPEAK_VOICES) {
      const audio = await speak(tts, { text: 'Een, twee, drie.', voice: voice.id });
      expect(seconds(audio), voice.id).toBeGreaterThan(0.3);
    }
  });

  it('says markup and phoneme brackets instead of obeying them', async () => {
    const plain = await speak(tts, { text: 'a b', language: 'en' });
    const marked = await speak(tts, {
      text: `a <voice gender="female">b</voice> [[h@'loU]] & <break time="9s"/>`,
      language: 'en',
    });
    // Obeyed, the break alone would be nine seconds of silence.
    expect(seconds(marked)).toBeGreaterThan(seconds(plain));
    expect(seconds(marked)).toBeLessThan(9);
  });

  it('speaks faster when asked', async () => {
    const normal = await speak(tts, { text: DUTCH, language: 'nl' });
    const fast = await speak(tts, { text: DUTCH, language: 'nl', speakingRate: 2 });
    expect(seconds(fast)).toBeLessThan(seconds(normal) * 0.7);
  });

  it('yields nothing for blank or unspeakable text', async () => {
    for (const text of ['', '   ', '\n\t\u0000', '...'])
      expect(await speak(tts, { text, language: 'nl' })).toHaveLength(0);
  });

  it('stops a running synthesis when aborted, and keeps serving', async () => {
    const controller = new AbortController();
    const blocks: Int16Array[] = [];
    const run = async () => {
      const long = `${DUTCH} `.repeat(10);
      for await (const block of tts.synthesize({ text: long, signal: controller.signal })) {
        blocks.push(block);
        controller.abort();
      }
    };
    await expect(run()).rejects.toMatchObject({ name: 'AbortError' });
    expect(blocks).toHaveLength(1);
    expect(seconds(await speak(tts, { text: 'Nog steeds hier.', language: 'nl' }))).toBeGreaterThan(
      0.5,
    );
  });

  it('fails with a clear error for an unknown voice', () => {
    expect(() => new EspeakTts({ voice: '/etc/passwd', warm: false })).toThrow(
      /Unknown eSpeak NG voice/,
    );
  });
});

describe('EspeakTts failures', () => {
  it('times out a synthesis that runs too long', async () => {
    const slow = new EspeakTts({ timeoutMs: 1, workers: 1 });
    try {
      await slow.ready();
      await expect(speak(slow, { text: DUTCH, language: 'nl' })).rejects.toThrow(
        /timed out after 1 ms/,
      );
    } finally {
      await slow.close();
    }
  }, 60_000);

  it('explains a missing worker script', async () => {
    const broken = new EspeakTts({
      workerUrl: new URL('./no-such-worker.js', import.meta.url),
      warm: false,
    });
    try {
      await expect(speak(broken, { text: DUTCH })).rejects.toThrow(
        /worker script not found.*espeak-worker\.js/,
      );
    } finally {
      await broken.close();
    }
  });
});

ttsConformance('eSpeak NG', {
  start: async () => {
    const tts = new EspeakTts({ workers: 1 });
    await tts.ready();
    return { tts, close: () => tts.close() };
  },
});

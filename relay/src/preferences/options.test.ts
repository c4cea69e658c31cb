import { describe, expect, it } from 'vitest';
import { logger } from '../log/logger.ts';
import { OpenAiSpeechTts, OPENAI_VOICES } from '../providers/vendors/openai/speech.ts';
import { ElevenLabsTts } from '../providers/vendors/elevenlabs/elevenlabs.ts';
import { COMMON_LANGUAGES, languageLabel, preferenceOptions } from './options.ts';

const log = logger('test:preferences');
const signal = () => AbortSignal.timeout(5_000);
const openai = (model: string) =>
  new OpenAiSpeechTts({
    name: 'openai',
    baseUrl: 'http://127.0.0.1:9/v1',
    model,
    voice: 'alloy',
    sampleRateHz: 24_000,
  });

describe('preferenceOptions', () => {
  it("offers the voice provider's voices, every persona, and the recognisers' languages", async () => {
    const options = await preferenceOptions({ asr: {}, tts: openai('tts-1') }, signal(), log);
    expect(options.voices).toEqual(OPENAI_VOICES);
    expect(options.personas.map((p) => p.id)).toEqual(['friendly', 'concise', 'tutor', 'custom']);
    expect(options.languages.map((l) => l.id)).toEqual([...COMMON_LANGUAGES]);
    expect(options.recognised).toBeNull();
    expect(options.speakingRate).toBe(true);
  });

  it('offers every language when the recognisers know only English, and says which they hear', async () => {
    const options = await preferenceOptions(
      { asr: { languages: ['en', 'en-GB'] }, tts: openai('gpt-4o-mini-tts') },
      signal(),
      log,
    );
    // Dutch is typed to the offline responder; the page warns before it is spoken.
    expect(options.languages.map((l) => l.id)).toEqual([...COMMON_LANGUAGES]);
    expect(options.recognised).toEqual(['en']);
    // This model is told how to speak rather than given a speed.
    expect(options.speakingRate).toBe(false);
  });

  it('offers no voice while the provider cannot list them, and the rest all the same', async () => {
    // Nothing listens on port 9 (discard): the voice list fails.
    const tts = new ElevenLabsTts({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9' });
    const options = await preferenceOptions({ asr: {}, tts }, signal(), log);
    expect(options.voices).toEqual([]);
    expect(options.languages.length).toBe(COMMON_LANGUAGES.length);
  });
});

describe('languageLabel', () => {
  it('names a language in its own words, then in English', () => {
    expect(languageLabel('en')).toBe('English');
    expect(languageLabel('fr')).toBe('Français (French)');
    expect(languageLabel('ja')).toBe('日本語 (Japanese)');
  });
});

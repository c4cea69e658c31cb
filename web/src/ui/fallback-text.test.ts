import { describe, expect, it } from 'vitest';
import type { PassedOverProvider } from '@parley/shared';
import { intlFor } from '../i18n/intl.ts';
import { fallbackText as fallbackIn } from './fallback-text.ts';

const fallbackText = fallbackIn.bind(null, intlFor('en'));

const model = (kind: PassedOverProvider['kind'], status: number | null = null) => ({
  passedOver: [{ id: 'ollama:llama3', label: 'llama3 (ollama)', kind, status }],
  answeredBy: { id: 'offline-responder', label: 'Offline responder' },
});

describe('fallbackText', () => {
  it('names the model, what failed and who answered instead', () => {
    expect(fallbackText(model('network'))).toBe(
      'Your model “llama3 (ollama)” could not be reached (nothing answers at its address): “Offline responder” answered instead.',
    );
  });

  it('says each kind of failure in plain words, with its status', () => {
    const what = (kind: PassedOverProvider['kind'], status: number | null = null) =>
      fallbackText(model(kind, status)).split('” ')[1]?.split(':')[0];
    expect(what('timeout')).toBe('did not answer in time');
    expect(what('auth', 401)).toBe('refused its key (401)');
    expect(what('http', 404)).toBe('answered 404 (not found)');
    expect(what('http', 429)).toBe('is limiting requests (429)');
    expect(what('http', 503)).toBe('failed (503)');
    expect(what('protocol')).toBe('answered in a way the relay could not read');
  });

  it('says so when nobody could answer', () => {
    expect(fallbackText({ ...model('timeout'), answeredBy: null })).toMatch(
      /did not answer in time: no other model could answer\./,
    );
  });
});

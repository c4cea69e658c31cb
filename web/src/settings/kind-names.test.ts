import { describe, expect, it } from 'vitest';
import { intlFor } from '../i18n/intl.ts';
import { kindName } from './kind-names.ts';

describe('a provider kind’s name', () => {
  it('is the catalogue’s `kind.<kind>` where it has one, in the page’s language', () => {
    const dutch = intlFor('nl');
    expect(kindName(dutch, { kind: 'moonshine', label: 'Moonshine (offline, English)' })).toBe(
      'Moonshine (offline, Engels)',
    );
    expect(kindName(dutch, { kind: 'espeak-ng', label: 'eSpeak NG' })).toBe(
      'eSpeak NG (offline, Nederlands en andere talen)',
    );
    expect(kindName(dutch, { kind: 'openai-compatible', label: 'x' })).toBe(
      'OpenAI-compatibele server',
    );
  });

  it('is the relay’s label for a kind the catalogue does not name (a vendor)', () => {
    expect(kindName(intlFor('nl'), { kind: 'deepgram', label: 'Deepgram' })).toBe('Deepgram');
    expect(kindName(intlFor('en'), { kind: 'acme-engine', label: 'Acme (offline)' })).toBe(
      'Acme (offline)',
    );
  });
});

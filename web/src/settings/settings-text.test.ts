import { describe, expect, it } from 'vitest';
import { ApiError } from '../net/api.ts';
import { environmentText, savedText, settingsErrorText, testResultText } from './settings-text.ts';

describe('settingsErrorText', () => {
  it('says who may change providers when the relay refuses', () => {
    expect(settingsErrorText('save', new ApiError(401, 'unauthorized', 'no'))).toBe(
      'The settings were not saved: only an admin can change the assistant’s providers (in the ops dashboard, /ops, with the admin token).',
    );
  });

  it('asks a user whose sign-in lapsed to sign in again, for their own preferences', () => {
    expect(settingsErrorText('save-preferences', new ApiError(401, 'unauthorized', 'no'))).toBe(
      'Your preferences were not saved: the relay no longer knows you. Reload the page to sign in again.',
    );
  });

  it('says the relay is too old when the route is missing', () => {
    expect(
      settingsErrorText('load', new ApiError(404, 'http-error', 'The relay answered 404.')),
    ).toBe('The settings could not be loaded: this relay has no settings yet. Update the relay.');
  });

  it('passes on the relay’s own words otherwise', () => {
    const e = new ApiError(400, 'invalid-request', 'LLM entry "openai" needs an API key.');
    expect(settingsErrorText('save', e)).toBe(
      'The settings were not saved: LLM entry "openai" needs an API key.',
    );
    expect(settingsErrorText('detect', new Error('boom'))).toBe(
      'Local servers could not be scanned: boom',
    );
  });
});

describe('testResultText', () => {
  it('gives the latency and what answered', () => {
    expect(testResultText({ ok: true, latencyMs: 1234.4, detail: 'llama3.2 said "ok"' })).toBe(
      'Works: 1,234 ms — llama3.2 said "ok"',
    );
  });

  it('gives the provider’s error, with its status when the words lack it', () => {
    expect(testResultText({ ok: false, message: 'The key was refused (401)', status: 401 })).toBe(
      'Failed: The key was refused (401)',
    );
    expect(testResultText({ ok: false, message: 'Model not found', status: 404 })).toBe(
      'Failed: Model not found (404)',
    );
    expect(testResultText({ ok: false, message: 'Nothing answers at that address' })).toBe(
      'Failed: Nothing answers at that address',
    );
  });
});

describe('savedText and environmentText', () => {
  it('says when the environment still wins', () => {
    const chains = { asr: [], llm: [], tts: [] };
    expect(
      savedText({ chains, source: { asr: 'saved', llm: 'saved', tts: 'default' }, updatedAt: 1 }),
    ).toMatch(/^Saved\. New turns use these providers/);
    expect(
      savedText({
        chains,
        source: { asr: 'environment', llm: 'saved', tts: 'default' },
        updatedAt: 1,
      }),
    ).toMatch(/The relay’s environment still sets speech recognition \(ASR_PROVIDERS\)\.$/);
    expect(environmentText('llm')).toMatch(
      /^Set on the relay by the environment variable LLM_PROVIDERS/,
    );
  });
});

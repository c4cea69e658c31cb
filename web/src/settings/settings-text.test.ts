import { describe, expect, it } from 'vitest';
import { ApiError } from '../net/api.ts';
import { stageEntryRequest } from '@parley/shared';
import { draftReducer, emptyDraft, type DraftEntry } from './chain-draft.ts';
import { intlFor } from '../i18n/intl.ts';
import * as text from './settings-text.ts';

const en = intlFor('en');
const environmentText = text.environmentText.bind(null, en);
const keyStateText = text.keyStateText.bind(null, en);
const orderText = text.orderText.bind(null, en);
const savedText = text.savedText.bind(null, en);
const settingsErrorText = text.settingsErrorText.bind(null, en);
const testResultText = text.testResultText.bind(null, en);
const warningText = text.warningText.bind(null, en);
import { RELAY_KINDS } from './relay-kinds.test-kit.ts';

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
      savedText({
        chains,
        kinds: RELAY_KINDS,
        source: { asr: 'saved', llm: 'saved', tts: 'default' },
        updatedAt: 1,
      }),
    ).toMatch(/^Saved\. New turns use these providers/);
    expect(
      savedText({
        chains,
        kinds: RELAY_KINDS,
        source: { asr: 'environment', llm: 'saved', tts: 'default' },
        updatedAt: 1,
      }),
    ).toMatch(/The relay’s environment still sets speech recognition \(ASR_PROVIDERS\)\.$/);
    expect(environmentText('llm')).toMatch(
      /^Set on the relay by the environment variable LLM_PROVIDERS/,
    );
  });
});

describe('a refusal', () => {
  it('checked on the page says the field’s words, not the schema’s JSON', () => {
    const checked = stageEntryRequest.safeParse({
      stage: 'llm',
      entry: { id: 'server', kind: 'openai-compatible', baseUrl: 'localhost 11434' },
    });
    expect(settingsErrorText('test', checked.error)).toBe(
      'The test could not run: The server’s address should look like http://127.0.0.1:11434/v1 (http or https).',
    );
  });
});

const chain = (kinds: DraftEntry['kind'][]): DraftEntry[] =>
  draftReducer(emptyDraft, {
    type: 'load',
    view: {
      chains: {
        asr: [],
        llm: kinds.map((kind, i) => ({ id: `${kind}-${i}`, kind, keySet: false })),
        tts: [],
      },
      kinds: RELAY_KINDS,
      source: { asr: 'default', llm: 'saved', tts: 'default' },
      updatedAt: null,
    },
  }).chains.llm;

describe('orderText', () => {
  it('says who answers first, who takes over, and the offline last resort', () => {
    const c = chain(['openai-compatible', 'groq', 'embedded']);
    expect(c.map((_, i) => orderText('llm', c, i))).toEqual([
      'Answers first',
      'Answers if the one above fails',
      'Last resort: works offline, if those above fail',
    ]);
    expect(orderText('tts', chain(['embedded']), 0)).toBe('Used first: works offline');
  });
});

describe('keyStateText', () => {
  const [entry] = chain(['openai-compatible']);
  if (!entry) throw new Error('no entry');
  it('tells a key typed and not saved from none at all', () => {
    expect(keyStateText(entry)).toBe('No key set.');
    expect(keyStateText({ ...entry, apiKey: 'sk-1' })).toBe(
      'Key typed, not saved yet: Test uses it, Save keeps it.',
    );
    const stored = { ...entry, keySet: true, keyHint: '…wxyz' };
    expect(keyStateText(stored)).toBe('Key set …wxyz. Leave empty to keep it.');
    expect(keyStateText({ ...stored, apiKey: 'sk-2' })).toMatch(/^New key typed, not saved yet/);
    expect(keyStateText({ ...stored, removeKey: true })).toBe(
      'The stored key is removed when you save.',
    );
  });
});

describe('warningText', () => {
  it('says Moonshine is not writing, who writes instead, and where to look', () => {
    const text = warningText({
      code: 'writer-unavailable',
      stage: 'asr',
      provider: 'moonshine',
      servedBy: 'pocketsphinx',
      sinceMs: 1,
      message: 'for operators',
    });
    expect(text).toMatch(/^Moonshine could not be loaded on the relay, so PocketSphinx writes/);
    expect(text).toContain('The relay’s log says why');
    expect(text).not.toContain('for operators');
  });

  it('says, in the page’s language, that no offline voice speaks Dutch where eSpeak NG is left out', () => {
    const leftOut = {
      code: 'voice-left-out',
      stage: 'tts',
      provider: 'espeak-ng',
      servedBy: 'flite',
      sinceMs: 1,
      message: 'for operators',
    } as const;
    expect(warningText(leftOut)).toMatch(
      /^eSpeak NG is left out of this relay .* no offline voice speaks Dutch/,
    );
    expect(text.warningText(intlFor('nl'), leftOut)).toMatch(
      /^eSpeak NG is op deze relay weggelaten .* geen offline stem Nederlands/,
    );
  });
});

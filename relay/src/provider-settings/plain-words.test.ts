import { describe, expect, it } from 'vitest';
import { ProviderError } from '../providers/net/provider-error.ts';
import { plainWords } from './plain-words.ts';

const call = {
  baseUrl: 'http://127.0.0.1:11434/v1',
  model: 'llama3.2',
  apiKey: 'sk-secret-key',
  timeoutMs: 15_000,
};
const http = (status: number, message = `HTTP ${status}`) =>
  new ProviderError('local', status === 401 || status === 403 ? 'auth' : 'http', message, {
    status,
  });

describe('plainWords', () => {
  it('says what an admin can act on', () => {
    expect(plainWords(http(401), call)).toEqual({
      message: 'The key was refused (401)',
      status: 401,
    });
    expect(plainWords(http(404), call).message).toBe(
      'Model llama3.2 not found (404) at http://127.0.0.1:11434/v1',
    );
    expect(plainWords(http(429), call).message).toMatch(/limiting this key \(429\)/);
    expect(plainWords(http(503), call).message).toBe('The provider failed (503)');
    expect(plainWords(new ProviderError('local', 'network', 'ECONNREFUSED'), call)).toEqual({
      message: 'Nothing answers at http://127.0.0.1:11434/v1',
    });
    const timeout = new DOMException('The operation timed out.', 'TimeoutError');
    expect(plainWords(timeout, call).message).toBe(
      'No answer from http://127.0.0.1:11434/v1 within 15 s',
    );
  });

  it('says an OpenAI-compatible address without /v1 looks wrong, and what to try, whatever the model', () => {
    const bare = { ...call, baseUrl: 'http://127.0.0.1:11434', openAiCompatible: true };
    const words =
      'The address looks wrong: OpenAI-compatible servers usually end in /v1 — try http://127.0.0.1:11434/v1';
    expect(plainWords(http(404), bare)).toEqual({ message: words, status: 404 });
    expect(plainWords(http(404), { ...bare, model: undefined }).message).toBe(words);
    // With /v1 in it, a 404 is about the model; another kind's address is its own.
    expect(plainWords(http(404), { ...bare, baseUrl: 'http://127.0.0.1:11434/v1' }).message).toBe(
      'Model llama3.2 not found (404) at http://127.0.0.1:11434/v1',
    );
    expect(plainWords(http(404), { ...bare, openAiCompatible: false }).message).toBe(
      'Model llama3.2 not found (404) at http://127.0.0.1:11434',
    );
  });

  it('never quotes what the provider said, which may echo the key or an internal body', () => {
    const echoed = new ProviderError('local', 'http', 'HTTP 400', {
      status: 400,
      excerpt: 'bad key sk-secret-key in header; upstream 10.0.0.5:8080 said {"internal": true}',
    });
    expect(plainWords(echoed, call)).toEqual({
      message:
        'The server answered 400 (client error): the address, model or key may not be what it expects',
      status: 400,
    });
  });

  it('says a redirect was not followed, and where to look for where it pointed', () => {
    const moved = new ProviderError(
      'local',
      'http',
      'HTTP 307: redirected to https://elsewhere.example/v1',
      { status: 307 },
    );
    const { message } = plainWords(moved, call);
    expect(message).toMatch(/sends requests elsewhere \(307\): redirects are not followed/);
    expect(message).not.toContain('elsewhere.example');
  });

  it('keeps the relay’s own words for an answer it cannot use, not the provider’s', () => {
    const odd = new ProviderError('local', 'protocol', 'the model list has an unexpected shape', {
      excerpt: '{"secret": "internal data"}',
    });
    expect(plainWords(odd, call).message).toBe(
      'http://127.0.0.1:11434/v1 answered, but not as the provider would: the model list has an unexpected shape',
    );
  });

  it('never repeats the key, whatever the words', () => {
    const { message } = plainWords(http(404), { ...call, model: 'sk-secret-key' });
    expect(message).not.toContain('sk-secret-key');
  });
});

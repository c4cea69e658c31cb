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

  it('never repeats the key, even when the provider echoed it', () => {
    const echoed = http(400, 'HTTP 400: bad key sk-secret-key in header');
    const { message } = plainWords(echoed, call);
    expect(message).toBe('The provider refused the request (400): HTTP 400: bad key … in header');
  });
});

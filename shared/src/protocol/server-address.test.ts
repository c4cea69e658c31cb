import { describe, expect, it } from 'vitest';
import { apiPathFix, completeAddress } from './server-address.ts';

const server = { openAiCompatible: true };

describe('completeAddress', () => {
  it('adds the scheme a person leaves out: http on this machine and the local network', () => {
    expect(completeAddress('localhost:11434', server)).toBe('http://localhost:11434/v1');
    expect(completeAddress(' 127.0.0.1:1234 ', server)).toBe('http://127.0.0.1:1234/v1');
    expect(completeAddress('192.168.1.5:8000/v1', server)).toBe('http://192.168.1.5:8000/v1');
    expect(completeAddress('gpu-box:8080', server)).toBe('http://gpu-box:8080/v1');
    expect(completeAddress('studio.local:1234/', server)).toBe('http://studio.local:1234/v1');
  });

  it('uses https elsewhere, and keeps a path that was given', () => {
    expect(completeAddress('api.example.com/openai/v1', server)).toBe(
      'https://api.example.com/openai/v1',
    );
    expect(completeAddress('api.deepgram.com', { openAiCompatible: false })).toBe(
      'https://api.deepgram.com',
    );
  });

  it('leaves an address with a scheme as it was typed', () => {
    expect(completeAddress('http://localhost:11434', server)).toBe('http://localhost:11434');
    expect(completeAddress('', server)).toBe('');
  });
});

describe('apiPathFix', () => {
  it('adds /v1 to an address whose path has no API version', () => {
    expect(apiPathFix('http://127.0.0.1:11434')).toBe('http://127.0.0.1:11434/v1');
    expect(apiPathFix('http://127.0.0.1:8080/api/')).toBe('http://127.0.0.1:8080/api/v1');
  });

  it('has nothing to say of one that has, or of what is not an address', () => {
    expect(apiPathFix('http://127.0.0.1:11434/v1')).toBeNull();
    expect(apiPathFix('https://generativelanguage.googleapis.com/v1beta/openai')).toBeNull();
    expect(apiPathFix('localhost:11434')).toBeNull();
  });
});

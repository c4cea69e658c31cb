import { describe, expect, it } from 'vitest';
import { entryIdFor, FIRST_SERVER_ID } from './entry-names.ts';

describe('entryIdFor', () => {
  it('names a local server by its usual port, another on this machine "local-server"', () => {
    expect(entryIdFor('http://127.0.0.1:11434/v1')).toBe('ollama');
    expect(entryIdFor('localhost:1234')).toBe('lmstudio');
    expect(entryIdFor('http://127.0.0.1:40123/v1')).toBe('local-server');
    expect(entryIdFor('http://192.168.1.5:8000/v1')).toBe('local-server');
  });

  it('names a hosted one by the telling word of its host', () => {
    expect(entryIdFor('https://api.mistral.ai/v1')).toBe('mistral');
    expect(entryIdFor('https://openai.inference.example-cloud.com/v1')).toBe('example-cloud');
    expect(entryIdFor('gpu-box:8080')).toBe(FIRST_SERVER_ID);
  });

  it('gives the first name while the address is not one', () => {
    expect(entryIdFor('')).toBe(FIRST_SERVER_ID);
    expect(entryIdFor('http://')).toBe(FIRST_SERVER_ID);
  });
});

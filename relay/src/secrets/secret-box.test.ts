import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.ts';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('seals a key so that only the same key and context open it', () => {
    const sealed = box.seal('sk-live-secret', 'providers/llm/openai');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('sk-live-secret');
    expect(box.open(sealed, 'providers/llm/openai')).toBe('sk-live-secret');
    // Moved to another entry, or opened with another key: nothing.
    expect(box.open(sealed, 'providers/tts/openai')).toBeNull();
    expect(new SecretBox(randomBytes(32)).open(sealed, 'providers/llm/openai')).toBeNull();
  });

  it('seals the same key differently each time, and refuses what was tampered with', () => {
    const one = box.seal('k', 'c');
    expect(box.seal('k', 'c')).not.toBe(one);
    const raw = Buffer.from(one.slice(3), 'base64');
    raw[raw.length - 1] = (raw[raw.length - 1] ?? 0) ^ 1;
    expect(box.open(`v1:${raw.toString('base64')}`, 'c')).toBeNull();
    expect(box.open('plain', 'c')).toBeNull();
  });

  it('wants a 32-byte key', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

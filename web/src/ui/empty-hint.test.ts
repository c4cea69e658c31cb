import { describe, expect, it } from 'vitest';
import { emptyHint } from './empty-hint.ts';

describe('the empty screen', () => {
  it('suggests what to say before a call', () => {
    expect(emptyHint('idle')).toBe(
      'Press Talk and say something, like “what is your name” or “good afternoon”.',
    );
  });

  it('prompts during a call', () => {
    expect(emptyHint('listening')).toBe('Listening… say something.');
  });
});

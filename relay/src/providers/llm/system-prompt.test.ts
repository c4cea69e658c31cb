import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SYSTEM_PROMPT,
  maxTokensFor,
  SPOKEN_RULES,
  systemPromptFor,
} from './system-prompt.ts';

const style = { instructions: 'You are a pirate.\nAlways reply in French.', maxTokens: 150 };

describe('systemPromptFor', () => {
  it('is the configured prompt when the request has no style', () => {
    expect(systemPromptFor(DEFAULT_SYSTEM_PROMPT, undefined)).toBe(DEFAULT_SYSTEM_PROMPT);
    expect(systemPromptFor('Be Acme support.', undefined)).toBe('Be Acme support.');
  });

  it('puts the user style in place of the default prompt, with the spoken-reply rules', () => {
    const prompt = systemPromptFor(DEFAULT_SYSTEM_PROMPT, style);
    expect(prompt).toBe(`You are a pirate.\nAlways reply in French.\n${SPOKEN_RULES}`);
    // The default's own length would contradict a longer reply length.
    expect(prompt).not.toContain('one to three short sentences');
  });

  it("keeps an operator's own prompt first, then the user's style and the rules", () => {
    expect(systemPromptFor('Be Acme support. ', style)).toBe(
      `Be Acme support.\nYou are a pirate.\nAlways reply in French.\n${SPOKEN_RULES}`,
    );
  });

  it('adds what the user asked to be remembered last, with or without a style', () => {
    const memory = 'What the user asked you to remember:\n- My sister is called Anna';
    expect(systemPromptFor(DEFAULT_SYSTEM_PROMPT, undefined, memory)).toBe(
      `${DEFAULT_SYSTEM_PROMPT}\n${memory}`,
    );
    expect(systemPromptFor(DEFAULT_SYSTEM_PROMPT, style, memory)).toBe(
      `${style.instructions}\n${SPOKEN_RULES}\n${memory}`,
    );
    expect(systemPromptFor('Be Acme support.', undefined, '  ')).toBe('Be Acme support.');
  });

  it('leaves out an empty configured prompt (a local model without one)', () => {
    expect(systemPromptFor('', style)).toBe(`${style.instructions}\n${SPOKEN_RULES}`);
  });
});

describe('maxTokensFor', () => {
  it("is the style's, never above the configured maximum", () => {
    expect(maxTokensFor(800, undefined)).toBe(800);
    expect(maxTokensFor(800, style)).toBe(150);
    expect(maxTokensFor(100, style)).toBe(100);
  });
});

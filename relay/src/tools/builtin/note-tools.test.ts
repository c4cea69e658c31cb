import { describe, expect, it } from 'vitest';
import { notesForPrompt, PROMPT_NOTES } from './note-tools.ts';

describe('the notes in a system prompt', () => {
  it('are the newest few, within a size, saying where the rest are', () => {
    expect(notesForPrompt([])).toBeNull();
    expect(notesForPrompt([{ text: 'Sister: Anna' }, { text: 'Allergic to peanuts' }])).toBe(
      'What the user asked you to remember:\n- Sister: Anna\n- Allergic to peanuts',
    );
    const many = Array.from({ length: 30 }, (_, i) => ({ text: `note ${i}` }));
    const prompt = notesForPrompt(many) ?? '';
    expect(prompt.split('\n- ')).toHaveLength(PROMPT_NOTES.max + 1);
    expect(prompt).toMatch(/^What the user asked you to remember \(older ones: recall_notes\):/);
    const long = [{ text: 'x'.repeat(900) }, { text: 'y'.repeat(200) }];
    expect(notesForPrompt(long)?.includes('yyy')).toBe(false);
  });
});

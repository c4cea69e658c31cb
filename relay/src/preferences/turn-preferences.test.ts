import { describe, expect, it } from 'vitest';
import type { UserPreferences } from '@parley/shared';
import { languageRule } from '../providers/llm/system-prompt.ts';
import { DEFAULT_PREFERENCES } from './defaults.ts';
import { CUSTOM_PERSONA_INTRO, PERSONA_PROMPTS } from './personas.ts';
import { languageName, REPLY_LENGTH_STYLES, turnPreferences } from './turn-preferences.ts';

const prefs = (over: Partial<UserPreferences>): UserPreferences => ({
  ...DEFAULT_PREFERENCES,
  ...over,
});

describe('turnPreferences', () => {
  it('gives the defaults: the friendly persona, short replies, English, the voice at its pace', () => {
    const t = turnPreferences(DEFAULT_PREFERENCES);
    expect(t.style.instructions).toBe(
      [PERSONA_PROMPTS.friendly, REPLY_LENGTH_STYLES.short.line, languageRule('English')].join(
        '\n',
      ),
    );
    expect(t.style.maxTokens).toBe(150);
    expect(t).toMatchObject({ speakingRate: 1, language: 'en' });
    expect(t).not.toHaveProperty('voice');
  });

  it.each([
    ['concise', PERSONA_PROMPTS.concise],
    ['tutor', PERSONA_PROMPTS.tutor],
  ] as const)('starts with the %s preset', (persona, prompt) => {
    expect(turnPreferences(prefs({ persona })).style.instructions.startsWith(prompt)).toBe(true);
  });

  it("introduces a custom persona as the user's own words", () => {
    const text = 'Talk like a ship captain who loves astronomy.';
    const { instructions } = turnPreferences(
      prefs({ persona: 'custom', customPersona: `  ${text} ` }),
    ).style;
    expect(instructions.startsWith(`${CUSTOM_PERSONA_INTRO}\n"""${text}"""\n`)).toBe(true);
  });

  it('falls back to the friendly preset for a custom persona without text', () => {
    for (const customPersona of [undefined, '   '])
      expect(
        turnPreferences(
          prefs({ persona: 'custom', ...(customPersona === undefined ? {} : { customPersona }) }),
        ).style.instructions.startsWith(PERSONA_PROMPTS.friendly),
      ).toBe(true);
  });

  it('asks for the reply length in the prompt and in max tokens', () => {
    const medium = turnPreferences(prefs({ replyLength: 'medium' })).style;
    const long = turnPreferences(prefs({ replyLength: 'long' })).style;
    expect(medium.instructions).toContain(REPLY_LENGTH_STYLES.medium.line);
    expect(long.instructions).toContain(REPLY_LENGTH_STYLES.long.line);
    expect([medium.maxTokens, long.maxTokens]).toEqual([350, 800]);
  });

  it('names the reply language in English words, and asks to keep it', () => {
    const { instructions } = turnPreferences(prefs({ language: 'fr' })).style;
    expect(instructions).toMatch(/\nAlways reply in French\. French is the language of this/);
    expect(instructions).toMatch(/keep to it even when .* a tool result/);
    expect(languageName('pt-BR')).toBe('Brazilian Portuguese');
    expect(languageName('qq')).toBe('qq');
  });

  it('passes the voice and pace on for the voice provider', () => {
    expect(turnPreferences(prefs({ voice: 'nova', speakingRate: 1.5 }))).toMatchObject({
      voice: 'nova',
      speakingRate: 1.5,
    });
  });
});

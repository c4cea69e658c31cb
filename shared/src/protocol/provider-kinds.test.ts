import { describe, expect, it } from 'vitest';
import { assistantSettingsUpdate } from './assistant-settings.ts';
import { MODEL_NEEDED, needsModel, withEmbeddedLast } from './provider-kinds.ts';

describe('withEmbeddedLast', () => {
  it('puts the embedded entries after every real one, keeping each group’s order', () => {
    const chain = [
      { id: 'embedded', kind: 'embedded' as const },
      { id: 'b', kind: 'openai' as const },
      { id: 'c', kind: 'openai-compatible' as const },
    ];
    expect(withEmbeddedLast(chain).map((e) => e.id)).toEqual(['b', 'c', 'embedded']);
  });
});

describe('a model', () => {
  it('is needed where the kind has no default for the stage', () => {
    expect(needsModel('openai-compatible', 'llm')).toBe(true);
    expect(needsModel('openrouter', 'llm')).toBe(true);
    expect(needsModel('openai-compatible', 'tts')).toBe(true);
    // Not for a stage it cannot serve: that is refused for what it is.
    expect(needsModel('anthropic', 'asr')).toBe(false);
    expect(needsModel('openai', 'llm')).toBe(false);
    expect(needsModel('embedded', 'llm')).toBe(false);
  });

  it('missing there, is refused beside the entry’s model field, in plain words', () => {
    const parsed = assistantSettingsUpdate.safeParse({
      chains: {
        asr: [{ id: 'embedded', kind: 'embedded' }],
        llm: [
          { id: 'local', kind: 'openai-compatible', baseUrl: 'http://127.0.0.1:1234/v1' },
          { id: 'embedded', kind: 'embedded' },
        ],
        tts: [{ id: 'embedded', kind: 'embedded' }],
      },
    });
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({ message: MODEL_NEEDED, path: ['chains', 'llm', 0, 'model'] }),
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { needsModel, withEmbeddedLast, type ProviderKindInfo } from './provider-kinds.ts';

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
  const hosted: ProviderKindInfo = {
    kind: 'hosted',
    label: 'Hosted',
    stages: ['asr', 'llm'],
    defaultModels: { llm: 'small' },
    key: 'required',
    address: false,
    models: true,
  };

  it('is needed where a kind with models has no default for a stage it serves', () => {
    expect(needsModel(hosted, 'asr')).toBe(true);
    expect(needsModel(hosted, 'llm')).toBe(false);
    // Not for a stage it cannot serve: that is refused for what it is.
    expect(needsModel(hosted, 'tts')).toBe(false);
    expect(needsModel({ ...hosted, models: false, defaultModels: {} }, 'llm')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import {
  assistantSettingsUpdateOf,
  MODEL_NEEDED,
  needsModel,
  providerKindInfo,
  STAGES,
  type ProviderKindInfo,
} from '@parley/shared';
import { RELAY_KINDS } from '../../../web/src/settings/relay-kinds.test-kit.ts';
import { PricingTable } from '../metering/pricing.ts';
import { asrUsage } from '../metering/usage.ts';
import type { ProviderKindDef } from './kinds/provider-kind.ts';
import {
  familyOf,
  freeProviderIds,
  kindNamed,
  kindOfName,
  PROVIDER_KINDS,
  recognisesOnRelayCores,
  relayEngines,
  settingsKindInfos,
} from './provider-kinds.ts';

const info = (kind: string): ProviderKindInfo => {
  const found = kindNamed(kind)?.info;
  if (!found) throw new Error(`no kind ${kind}`);
  return found;
};

describe('the provider kinds', () => {
  it('are named once each, and say what the wire says of a kind', () => {
    const names = PROVIDER_KINDS.map((k) => k.info.kind);
    expect(new Set(names).size).toBe(names.length);
    for (const k of PROVIDER_KINDS) {
      expect(providerKindInfo.parse(k.info)).toEqual(k.info);
      // Stages in the order of a turn; a default model only for a stage it serves.
      expect(k.info.stages).toEqual(STAGES.filter((s) => k.info.stages.includes(s)));
      for (const s of Object.keys(k.info.defaultModels)) expect(k.info.stages).toContain(s);
    }
  });

  it('are what the page’s tests take the relay to send, in the relay’s order', () => {
    const sent = settingsKindInfos();
    expect(RELAY_KINDS.map((k) => sent.find((s) => s.kind === k.kind))).toEqual(RELAY_KINDS);
    const order = sent.map((k) => k.kind);
    const positions = RELAY_KINDS.map((k) => order.indexOf(k.kind));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('stand for the names of *_PROVIDERS: their own, else an OpenAI-compatible server', () => {
    expect(kindOfName('deepgram').info.kind).toBe('deepgram');
    expect(kindOfName('llama-cpp').info.kind).toBe('llama-cpp');
    expect(kindOfName('vllm').info.kind).toBe('openai-compatible');
    expect(familyOf({ kind: 'openai', name: 'vllm' }).openAiCompatible).toBe(true);
    expect(() => familyOf({ kind: 'nobody', name: 'x' })).toThrow(/no adapters of kind nobody/);
  });
});

describe('a model', () => {
  it('is needed where the kind has no default for the stage', () => {
    expect(needsModel(info('openai-compatible'), 'llm')).toBe(true);
    expect(needsModel(info('openrouter'), 'llm')).toBe(true);
    expect(needsModel(info('openai-compatible'), 'tts')).toBe(true);
    // Not for a stage it cannot serve: that is refused for what it is.
    expect(needsModel(info('anthropic'), 'asr')).toBe(false);
    expect(needsModel(info('openai'), 'llm')).toBe(false);
    expect(needsModel(info('embedded'), 'llm')).toBe(false);
  });

  it('missing there, is refused beside the entry’s model field, in plain words', () => {
    const parsed = assistantSettingsUpdateOf(settingsKindInfos()).safeParse({
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

  it('of a kind the relay does not have, or only in its environment, is refused by name', () => {
    const parsed = assistantSettingsUpdateOf(settingsKindInfos()).safeParse({
      chains: {
        asr: [{ id: 'embedded', kind: 'embedded' }],
        llm: [{ id: 'llama', kind: 'llama-cpp' }],
        tts: [{ id: 'x', kind: 'nobody' }],
      },
    });
    expect(parsed.error?.issues.map((i) => i.path)).toEqual([
      ['chains', 'llm', 0, 'kind'],
      ['chains', 'tts', 0, 'kind'],
    ]);
  });
});

describe('a kind the relay runs itself (an embedded engine)', () => {
  const acme: ProviderKindDef = {
    info: { ...info('moonshine'), kind: 'acme-engine', label: 'Acme (offline)' },
    inSettings: true,
    family: familyOf({ kind: 'moonshine', name: 'acme-engine' }),
    readSpec: () => ({ kind: 'moonshine', name: 'acme-engine' }),
    inRelay: { engines: [], providerIds: { asr: 'acme' }, onRelayCores: true, free: true },
  };
  const kinds = [...PROVIDER_KINDS, acme];

  it('is priced at 0 and counted on the relay’s cores from its kind alone', () => {
    expect(freeProviderIds(kinds).asr).toContain('acme');
    expect(
      PricingTable.withDefaults({}, freeProviderIds(kinds)).costOf(asrUsage('acme', 60_000)),
    ).toEqual({ micros: 0, priced: true });
    expect(recognisesOnRelayCores('acme', kinds)).toBe(true);
    // Without its kind, the same id is a provider with no price, recognising elsewhere.
    expect(PricingTable.withDefaults().costOf(asrUsage('acme', 60_000)).priced).toBe(false);
    expect(recognisesOnRelayCores('acme')).toBe(false);
  });

  it('says so for the relay’s own engines, and not for a vendor', () => {
    expect(recognisesOnRelayCores('pocketsphinx')).toBe(true);
    // Moonshine writes while PocketSphinx listens: both on the relay's cores.
    expect(recognisesOnRelayCores('moonshine')).toBe(true);
    expect(recognisesOnRelayCores('deepgram:nova-3')).toBe(false);
    const free = freeProviderIds();
    expect([...free.asr].sort()).toEqual(['moonshine', 'pocketsphinx']);
    expect(free.llm).toEqual(['offline-responder']);
    expect([...free.tts].sort()).toEqual(['espeak-ng', 'flite']);
  });

  it('lists each engine once, its settings read with the plan', () => {
    expect(
      relayEngines()
        .map((e) => e.name)
        .sort(),
    ).toEqual(['espeak-ng', 'flite', 'moonshine', 'pocketsphinx']);
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CONFORMANCE_CASES } from '../../test/conformance/conformance-cases.ts';
import { PROVIDER_KINDS } from './provider-kinds.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every kind the relay registers, with each stage it serves and the family whose adapters serve it. */
const SERVED = PROVIDER_KINDS.flatMap((k) =>
  k.info.stages.map((stage) => ({ kind: k.info.kind, family: k.family.id, stage })),
);

describe('every provider kind runs its stage’s conformance suite (issue 66)', () => {
  it('registers kinds, vendors and embedded engines alike', () => {
    expect(SERVED.map((s) => s.kind)).toEqual(
      expect.arrayContaining(['embedded', 'moonshine', 'espeak-ng', 'pocketsphinx', 'deepgram']),
    );
  });

  it.each(SERVED)('$kind ($family adapters) for $stage', ({ family, stage }) => {
    const cases = CONFORMANCE_CASES[family]?.[stage] ?? [];
    expect(cases, `no ${stage} conformance case for the ${family} adapters`).not.toEqual([]);
    for (const c of cases) {
      const source = readFileSync(`${ROOT}${c.file}`, 'utf8');
      expect(source).toMatch(new RegExp(`${stage}Conformance\\(\\s*'${escaped(c.suite)}'`));
    }
  });
});

import { percentile, type EndOfTurnDecision, type PauseProsody } from '@parley/shared';

/** The fixed 500 ms; the policy on the words alone (before issue 52); the policy. */
export const RULES = ['fixed', 'words', 'policy'] as const;
export type Rule = (typeof RULES)[number];

const RULE_NAMES: Readonly<Record<Rule, string>> = {
  fixed: 'fixed 500 ms',
  words: 'policy, words only',
  policy: 'policy, words and voice',
};

/**
 * A reading of a pause as the outcome keeps it: "(closed) " before a closed one, and the other
 * readings sent with it and their gaps ("[or it is twenty 173; …]").
 */
export function pauseReadingText(m: {
  text: string;
  reading?: 'hypothesis' | 'closed' | undefined;
  alternatives?: readonly { text: string; gap: number }[] | undefined;
}): string {
  const others = m.alternatives?.map((a) => `${a.text} ${a.gap}`).join('; ');
  return `${m.reading === 'closed' ? '(closed) ' : ''}${m.text}${others ? ` [or ${others}]` : ''}`;
}

/** When each reading of a turn's pauses came after its end of speech (ms). */
export function pauseWordsAfter(
  turn: { partials: readonly { atMs: number; pauseSeq?: number }[] } | undefined,
  report: { speechEndAtMs: number | null } | undefined,
): number[] {
  const end = report?.speechEndAtMs;
  if (!turn || end == null) return [];
  return turn.partials.flatMap((p) => (p.pauseSeq === undefined ? [] : [Math.round(p.atMs - end)]));
}

/** One utterance streamed under one rule. */
export interface Outcome {
  rule: Rule;
  kind: 'complete' | 'paused';
  voice: string;
  text: string;
  /** What the relay heard, per turn the utterance became. */
  heard: string[];
  /** Turns the utterance became: more than one for a paused one is a premature end. */
  turns: number;
  /** End of speech → utterance.end sent, of its first turn (ms). */
  endpointingMs: number | null;
  /** End of speech → first reply audio received, when it stayed one turn (ms). */
  voiceToVoiceMs: number | null;
  /** The policy's decision that ended its last turn, and its first. */
  endOfTurn: EndOfTurnDecision | null;
  firstEndOfTurn: EndOfTurnDecision | null;
  /** How the voice ended before each of the first turn's pauses (what the policy heard). */
  pauseVoices?: PauseProsody[];
  /** The words the relay sent for the first turn's pauses, in order (what the policy judged). */
  pauseWords?: string[];
  /** When each of `pauseWords` came after the end of speech (ms; headless only). */
  pauseWordsAfterMs?: number[];
  /** When each point of its first turn came after the end of speech (ms; Chromium only). */
  after?: Record<string, number>;
}

export interface RuleSummary {
  rule: Rule;
  complete: number;
  paused: number;
  v2vMedianMs: number | null;
  v2vP90Ms: number | null;
  /** The same on the paused utterances answered as one turn (the user paused, then went on). */
  pausedV2vMedianMs: number | null;
  pausedV2vP90Ms: number | null;
  /** The silence a complete utterance's turn waited after its last word (median, ms). */
  waitMedianMs: number | null;
  /** Complete utterances whose turn waited past 700 ms of silence. */
  waitedPast700: number;
  /** Paused utterances whose turn ended in the pause. */
  premature: number;
}

/** A threshold of the issue: complete utterances should not wait past this (ms). */
export const LONG_WAIT_MS = 700;

export function summarise(outcomes: readonly Outcome[], rule: Rule): RuleSummary {
  const mine = outcomes.filter((o) => o.rule === rule);
  const complete = mine.filter((o) => o.kind === 'complete');
  const paused = mine.filter((o) => o.kind === 'paused');
  const v2vOf = (list: readonly Outcome[]) =>
    list.flatMap((o) => (o.voiceToVoiceMs === null ? [] : [o.voiceToVoiceMs]));
  const v2v = v2vOf(complete);
  const pausedV2v = v2vOf(paused.filter((o) => o.turns === 1));
  const waits = complete.flatMap((o) => (o.endpointingMs === null ? [] : [o.endpointingMs]));
  return {
    rule,
    complete: complete.length,
    paused: paused.length,
    v2vMedianMs: v2v.length ? Math.round(percentile(v2v, 0.5)) : null,
    v2vP90Ms: v2v.length ? Math.round(percentile(v2v, 0.9)) : null,
    pausedV2vMedianMs: pausedV2v.length ? Math.round(percentile(pausedV2v, 0.5)) : null,
    pausedV2vP90Ms: pausedV2v.length ? Math.round(percentile(pausedV2v, 0.9)) : null,
    waitMedianMs: waits.length ? Math.round(percentile(waits, 0.5)) : null,
    waitedPast700: complete.filter((o) => (o.endpointingMs ?? 0) > LONG_WAIT_MS || o.turns > 1)
      .length,
    premature: paused.filter((o) => o.turns > 1).length,
  };
}

const pct = (n: number, of: number) => (of === 0 ? '–' : `${Math.round((100 * n) / of)} %`);
const ms = (x: number | null) => (x === null ? '–' : `${x} ms`);

export function endOfTurnMarkdown(
  outcomes: readonly Outcome[],
  run: {
    command: string;
    machine: string;
    load: string;
    minutes: number;
    /** What was said and through what, when not the Flite voices into embedded providers. */
    setup?: string;
    /** The relay's recogniser, as the report names it (absent: not said). */
    recogniser?: string;
  },
  path: 'headless client' | 'Chromium' = 'headless client',
): string {
  const rows = RULES.filter((r) => outcomes.some((o) => o.rule === r)).map((r) =>
    summarise(outcomes, r),
  );
  const misjudged = outcomes.filter(
    (o) =>
      o.rule === 'policy' &&
      ((o.kind === 'paused' && o.turns > 1) ||
        (o.kind === 'complete' && (o.endpointingMs ?? 0) > LONG_WAIT_MS)),
  );
  const reasons = new Map<string, number>();
  for (const o of outcomes.filter((x) => x.rule === 'policy' && x.firstEndOfTurn)) {
    const key = reasonKind(o.firstEndOfTurn?.reason ?? '');
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }
  return [
    `# End of turn: the policy against the fixed 500 ms rule (${path})`,
    '',
    `\`${run.command}\` · ${run.machine} · load ${run.load} · ${run.minutes} min`,
    '',
    `${run.setup ?? `Utterances of bench/end-of-turn/utterances.ts (Flite voices slt, rms, awb, kal16; pauses inserted with sox), streamed in real time by the ${path === 'Chromium' ? "fake microphone of a Chromium started afresh per utterance on one warmed profile, after 4 s of silence (the app's capture, VAD and turn-taking, in a call already going on)" : 'headless client'} into a relay with the embedded providers.`} Wait: the silence a complete utterance's turn waited after its last word (end of speech in the file → utterance.end). Voice to voice: end of speech in the file → first reply audio ${path === 'Chromium' ? "played (the latency panel's figure, output latency included)" : 'received'}, on the complete utterances, and on the paused ones answered as one turn (from the end of the words after the pause). Premature: a paused utterance whose turn ended in the pause (the relay answered before the user finished). Long wait: a complete utterance whose turn ended more than 700 ms after its last word (or that was split).`,
    '',
    '| rule | voice to voice median / p90 (complete) | voice to voice median / p90 (paused, one turn) | wait median (complete) | complete waiting > 700 ms | paused ended prematurely |',
    '| ---- | -------------------------------------: | ---------------------------------------------: | ---------------------: | ------------------------: | -----------------------: |',
    ...rows.map(
      (r) =>
        `| ${RULE_NAMES[r.rule]} | ${ms(r.v2vMedianMs)} / ${ms(r.v2vP90Ms)} | ${ms(r.pausedV2vMedianMs)} / ${ms(r.pausedV2vP90Ms)} | ${ms(r.waitMedianMs)} | ${r.waitedPast700}/${r.complete} (${pct(r.waitedPast700, r.complete)}) | ${r.premature}/${r.paused} (${pct(r.premature, r.paused)}) |`,
    ),
    '',
    "The policy's first decision per utterance:",
    '',
    ...[...reasons.entries()].sort((a, b) => b[1] - a[1]).map(([r, n]) => `- ${r}: ${n}`),
    '',
    'Misjudged under the policy:',
    '',
    ...(misjudged.length === 0
      ? ['- none']
      : misjudged.map(
          (o) =>
            `- ${o.kind} "${o.text}" (${o.voice}): heard ${o.heard.map((h) => `"${h}"`).join(' + ')}${o.pauseWords?.length ? `; at the pause ${o.pauseWords.map((h) => `"${h}"`).join(' then ')}` : ''}${voiceText(o.pauseVoices)}; ${o.firstEndOfTurn ? `${o.firstEndOfTurn.waitMs} ms, ${o.firstEndOfTurn.reason}` : 'no decision'}`,
        )),
    '',
  ].join('\n');
}

/**
 * A decision's reason without what was measured of the voice (its pitch and syllables differ
 * at every pause), so that the report counts decisions of one kind together.
 */
export function reasonKind(reason: string): string {
  return reason
    .replace(/; voice goes on \([^)]*\)/, '; voice goes on')
    .replace(/; (level pitch|pitch \w+ [\d.]+ st), \w+ last syllable/, '')
    .replace(/; voice not heard/, '')
    .replace(/; you pause ~\d+ ms/, '; your pauses');
}

/** The voice before the first pause, as the report shows it. */
function voiceText(voices: readonly PauseProsody[] | undefined): string {
  const v = voices?.[0];
  if (!v) return '';
  return `; voice ${v.pitch} ${v.moveSt} st, last ${v.lastVoicedMs ?? '–'} ms of ${v.typicalVoicedMs ?? '–'} ms`;
}

import { percentile } from '@parley/shared';

/** What the model does with the question: answer, call a quick tool, or a 2 s one. */
export type ToolScenario = 'none' | 'fast' | 'slow-spoken' | 'slow-earcon';

/** Each scenario in words, for the results page. */
export const SCENARIOS: Record<ToolScenario, string> = {
  none: 'no tool: the model answers',
  fast: 'a tool round: the built-in calculator (answers in ~1 ms), then the answer',
  'slow-spoken':
    'a 2 s tool (server-everything’s long-running operation), the progress line spoken',
  'slow-earcon':
    'the same 2 s tool, the earcon chosen (the page plays it: no audio from the relay)',
};

/** One spoken question under one scenario. */
export interface ToolOutcome {
  scenario: ToolScenario;
  text: string;
  voice: string;
  /** End of speech → the first reply audio received (ms): the line's, when one was said. */
  voiceToVoiceMs: number | null;
  /** End of speech → the first audio of the answer's words (ms). */
  answerAudioMs: number | null;
  /** The longest silence heard from the end of speech to the end of the reply (ms). */
  longestSilenceMs: number | null;
  /** The longest silence heard while the tool ran (its call to its result; ms); null: none. */
  toolSilenceMs: number | null;
  /** End of speech → `tool.progress` (ms); null: none was sent. */
  progressMs: number | null;
  /** Language-model requests the fake received for it (speculative ones included). */
  llmRequests: number;
}

/** A scenario's figures. */
export interface ToolSummary {
  scenario: ToolScenario;
  utterances: number;
  voiceToVoiceMedianMs: number | null;
  answerAudioMedianMs: number | null;
  answerAudioP90Ms: number | null;
  longestSilenceMedianMs: number | null;
  longestSilenceMaxMs: number | null;
  toolSilenceMedianMs: number | null;
  toolSilenceMaxMs: number | null;
  progressMedianMs: number | null;
  llmRequestsPerTurn: number;
}

const at = (xs: (number | null)[], p: number) => {
  const ok = xs.filter((x): x is number => x !== null);
  return ok.length === 0 ? null : Math.round(percentile(ok, p));
};

/** Figures per scenario, in the order they were run. */
export function summariseTools(outcomes: readonly ToolOutcome[]): ToolSummary[] {
  const groups = new Map<ToolScenario, ToolOutcome[]>();
  for (const o of outcomes) groups.set(o.scenario, [...(groups.get(o.scenario) ?? []), o]);
  return [...groups].map(([scenario, group]) => {
    const of = (figure: (o: ToolOutcome) => number | null, p: number) => at(group.map(figure), p);
    return {
      scenario,
      utterances: group.length,
      voiceToVoiceMedianMs: of((o) => o.voiceToVoiceMs, 0.5),
      answerAudioMedianMs: of((o) => o.answerAudioMs, 0.5),
      answerAudioP90Ms: of((o) => o.answerAudioMs, 0.9),
      longestSilenceMedianMs: of((o) => o.longestSilenceMs, 0.5),
      longestSilenceMaxMs: of((o) => o.longestSilenceMs, 1),
      toolSilenceMedianMs: of((o) => o.toolSilenceMs, 0.5),
      toolSilenceMaxMs: of((o) => o.toolSilenceMs, 1),
      progressMedianMs: of((o) => o.progressMs, 0.5),
      llmRequestsPerTurn:
        Math.round((group.reduce((n, o) => n + o.llmRequests, 0) / group.length) * 100) / 100,
    };
  });
}

const ms = (x: number | null) => (x === null ? '—' : `${x} ms`);

/** The results page: one row per scenario. */
export function toolsMarkdown(
  outcomes: readonly ToolOutcome[],
  meta: { command: string; machine: string; load: string; latency: string; reply: string },
): string {
  const rows = summariseTools(outcomes).map(
    (s) =>
      `| ${SCENARIOS[s.scenario]} | ${s.utterances} | **${ms(s.voiceToVoiceMedianMs)}** | ` +
      `${ms(s.answerAudioMedianMs)} | ${ms(s.answerAudioP90Ms)} | ` +
      `${ms(s.longestSilenceMedianMs)} | ${ms(s.longestSilenceMaxMs)} | ` +
      `**${ms(s.toolSilenceMedianMs)}** | ${ms(s.toolSilenceMaxMs)} | ` +
      `${ms(s.progressMedianMs)} | ${s.llmRequestsPerTurn.toFixed(2)} |`,
  );
  return [
    '# The voice around a tool call: voice to voice with and without a tool round',
    '',
    `\`${meta.command}\` · ${meta.machine} · load ${meta.load}`,
    '',
    'The relay with the embedded recogniser, and a language model and voice from a local server',
    `speaking OpenAI's protocol that waits as a hosted one does (${meta.latency} ms before its`,
    'first token / first speech byte, then a token or an audio block every 20 ms). The same',
    'complete questions by Flite’s voices, streamed in real time by the headless client, under',
    `each scenario. The answer: “${meta.reply}”. Silences are as heard: the reply's audio played`,
    'as it arrives, each block after the one before (audio sent ahead fills later gaps).',
    '',
    '| scenario | utterances | voice to voice (first audio), median | end of speech → the answer’s audio, median | p90 | longest silence after the end of speech, median | worst | longest silence while the tool runs, median | worst | end of speech → tool.progress | LLM requests per turn |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    'With the earcon the relay sends no audio until the answer: its silence is what the user would',
    'hear without the page’s earcon, which starts at `tool.progress`.',
    '',
  ].join('\n');
}

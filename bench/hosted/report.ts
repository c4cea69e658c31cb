import { percentile } from '@parley/shared';

/** A hosted model's latencies, as the fake provider plays them. */
export interface HostedLatency {
  /** LLM request → first token (ms). */
  firstTokenMs: number;
  /** TTS request → first speech byte (ms). */
  firstSpeechMs: number;
}

/** One complete utterance said to the relay under one latency setting and one rule. */
export interface HostedOutcome {
  latency: HostedLatency;
  rule: 'fixed' | 'policy';
  text: string;
  voice: string;
  heard: string;
  /** Turns it became (1 expected: these are complete questions). */
  turns: number;
  /** End of speech → first reply audio received (ms). */
  voiceToVoiceMs: number | null;
  /** utterance.end sent → first reply audio received (ms). */
  endToFirstAudioMs: number | null;
  /** End of speech → utterance.end sent (ms). */
  endpointingMs: number | null;
  /** Language-model requests the fake received for it (speculative ones included). */
  llmRequests: number;
  /** End of speech → the first language-model request reached the provider (ms; <0: before). */
  firstRequestAfterSpeechMs: number | null;
  /** End of speech → the request whose answer was spoken reached the provider (ms). */
  answeredRequestAfterSpeechMs: number | null;
  /** The request → the first TTS request (ms). */
  requestToSpeechRequestMs: number | null;
}

/** A latency setting × rule's figures. */
export interface HostedSummary {
  latency: HostedLatency;
  rule: 'fixed' | 'policy';
  utterances: number;
  v2vMedianMs: number | null;
  v2vP90Ms: number | null;
  endToFirstAudioMedianMs: number | null;
  /** The providers' own floor: first token + first speech byte (ms). */
  floorMs: number;
  llmRequestsPerTurn: number;
  answeredRequestAfterSpeechMedianMs: number | null;
  requestToSpeechRequestMedianMs: number | null;
}

const med = (xs: (number | null)[]) => {
  const ok = xs.filter((x): x is number => x !== null);
  return ok.length === 0 ? null : Math.round(percentile(ok, 0.5));
};

/** Figures per latency setting and rule, in the order they were run. */
export function summarise(outcomes: readonly HostedOutcome[]): HostedSummary[] {
  const groups = new Map<string, HostedOutcome[]>();
  for (const o of outcomes) {
    const key = `${o.latency.firstTokenMs}/${o.latency.firstSpeechMs}/${o.rule}`;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    const answered = group.filter((o) => o.turns > 0);
    const v2v = group.map((o) => o.voiceToVoiceMs).filter((x): x is number => x !== null);
    return {
      latency: first.latency,
      rule: first.rule,
      utterances: group.length,
      v2vMedianMs: v2v.length ? Math.round(percentile(v2v, 0.5)) : null,
      v2vP90Ms: v2v.length ? Math.round(percentile(v2v, 0.9)) : null,
      endToFirstAudioMedianMs: med(group.map((o) => o.endToFirstAudioMs)),
      floorMs: first.latency.firstTokenMs + first.latency.firstSpeechMs,
      llmRequestsPerTurn:
        answered.length === 0
          ? 0
          : Math.round((answered.reduce((n, o) => n + o.llmRequests, 0) / answered.length) * 100) /
            100,
      answeredRequestAfterSpeechMedianMs: med(group.map((o) => o.answeredRequestAfterSpeechMs)),
      requestToSpeechRequestMedianMs: med(group.map((o) => o.requestToSpeechRequestMs)),
    };
  });
}

const ms = (x: number | null) => (x === null ? '—' : `${x} ms`);

/** The results page: one row per latency setting and rule. */
export function hostedMarkdown(
  outcomes: readonly HostedOutcome[],
  meta: {
    command: string;
    machine: string;
    load: string;
    reply: string;
    /** What was said and how it was heard and answered (default: the embedded recogniser's run). */
    setup?: string;
  },
): string {
  const rows = summarise(outcomes).map(
    (s) =>
      `| ${s.latency.firstTokenMs} / ${s.latency.firstSpeechMs} ms | ${s.rule} | ${s.utterances} | ` +
      `**${ms(s.v2vMedianMs)}** | ${ms(s.v2vP90Ms)} | ${ms(s.endToFirstAudioMedianMs)} | ` +
      `${ms(s.answeredRequestAfterSpeechMedianMs)} | ${ms(s.requestToSpeechRequestMedianMs)} | ` +
      `${s.floorMs} ms | ${s.llmRequestsPerTurn.toFixed(2)} |`,
  );
  return [
    '# Fast with hosted models: voice to voice at hosted latencies',
    '',
    `\`${meta.command}\` · ${meta.machine} · load ${meta.load}`,
    '',
    ...(meta.setup === undefined
      ? [
          'The relay with the embedded recogniser, and a language model and voice from a local server',
          "speaking OpenAI's protocol that waits as a hosted one does before its first token and its",
          `first speech byte (then a token or an audio block every 20 ms). The reply: “${meta.reply}”.`,
          'Complete questions by Flite’s voices, streamed in real time by the headless client.',
        ]
      : [`${meta.setup} The reply: “${meta.reply}”.`]),
    '',
    '| first token / first speech | end of turn | utterances | voice to voice, median | p90 | utterance.end → first audio | end of speech → the answer’s LLM request | LLM request → first TTS request | providers’ floor | LLM requests per turn |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    'A negative “end of speech → the answer’s LLM request” is a request started at a pause, before',
    'the user had finished (speculation that was kept).',
    '',
  ].join('\n');
}

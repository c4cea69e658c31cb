import { percentile } from '@parley/shared';
import type { HostedOutcome } from './report.ts';

/** How the relay keeps its provider connections in a run of `--connect-ms`. */
export type ConnectionMode = 'warm' | 'cold' | 'node';

/** What each mode is, as the results page says it. */
export const CONNECTION_MODE_LABELS: Record<ConnectionMode, string> = {
  warm: 'kept alive 30 s, opened ahead (the relay)',
  cold: 'kept alive 30 s, not opened ahead',
  node: "node's fetch default: kept alive 4 s, not opened ahead",
};

/** One utterance said as a session's first turn, or again as its next. */
export interface ConnectionOutcome extends HostedOutcome {
  mode: ConnectionMode;
  turn: 'first' | 'later';
  /** Connections the provider accepted after the end of speech: set-ups on the critical path. */
  connectionsAfterSpeech: number;
}

/** A latency setting × rule × mode × turn's figures. */
export interface ConnectionSummary {
  latency: HostedOutcome['latency'];
  rule: HostedOutcome['rule'];
  mode: ConnectionMode;
  turn: 'first' | 'later';
  utterances: number;
  v2vMedianMs: number | null;
  v2vP90Ms: number | null;
  endToFirstAudioMedianMs: number | null;
  /** Connections opened after the end of speech, per turn. */
  connectionsAfterSpeech: number;
}

const median = (xs: (number | null)[], p = 0.5) => {
  const ok = xs.filter((x): x is number => x !== null);
  return ok.length === 0 ? null : Math.round(percentile(ok, p));
};

/** Figures per latency setting, rule, mode and turn, in the order they were run. */
export function summariseConnections(outcomes: readonly ConnectionOutcome[]): ConnectionSummary[] {
  const groups = new Map<string, ConnectionOutcome[]>();
  for (const o of outcomes) {
    const key = `${o.latency.firstTokenMs}/${o.latency.firstSpeechMs}/${o.rule}/${o.mode}/${o.turn}`;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    return {
      latency: first.latency,
      rule: first.rule,
      mode: first.mode,
      turn: first.turn,
      utterances: group.length,
      v2vMedianMs: median(group.map((o) => o.voiceToVoiceMs)),
      v2vP90Ms: median(
        group.map((o) => o.voiceToVoiceMs),
        0.9,
      ),
      endToFirstAudioMedianMs: median(group.map((o) => o.endToFirstAudioMs)),
      connectionsAfterSpeech:
        Math.round((group.reduce((n, o) => n + o.connectionsAfterSpeech, 0) / group.length) * 100) /
        100,
    };
  });
}

const ms = (x: number | null) => (x === null ? '—' : `${x} ms`);

/** The results page of a `--connect-ms` run: a row per latency, rule, mode and turn. */
export function connectionsMarkdown(
  outcomes: readonly ConnectionOutcome[],
  meta: {
    command: string;
    machine: string;
    load: string;
    reply: string;
    connectMs: number;
    https: boolean;
    pauseMs: number;
  },
): string {
  const rows = summariseConnections(outcomes).map(
    (s) =>
      `| ${s.latency.firstTokenMs} / ${s.latency.firstSpeechMs} ms | ${s.rule} | ${CONNECTION_MODE_LABELS[s.mode]} | ` +
      `${s.turn} | ${s.utterances} | **${ms(s.v2vMedianMs)}** | ${ms(s.v2vP90Ms)} | ` +
      `${ms(s.endToFirstAudioMedianMs)} | ${s.connectionsAfterSpeech.toFixed(2)} |`,
  );
  const transport = meta.https ? 'HTTPS (its own CA, trusted by the relay)' : 'plain HTTP';
  return [
    '# Hosted providers: connection set-up on the first turn and the next',
    '',
    `\`${meta.command}\` · ${meta.machine} · load ${meta.load}`,
    '',
    'The relay with the embedded recogniser, and a language model and voice from a local server',
    `speaking OpenAI's protocol over ${transport}, which makes every new connection wait`,
    `${meta.connectMs} ms before it is served (a distant API's TCP and TLS set-up) and waits as a`,
    'hosted model does before its first token and first speech byte. Each complete question is',
    'said as the first turn of a new session, its provider connections closed before (a session',
    'opened after a long pause), then again as the next turn of that session',
    meta.pauseMs > 0
      ? `${meta.pauseMs} ms after the first one's reply (the user listening and thinking).`
      : 'right after the first one’s reply.',
    `The reply: “${meta.reply}”.`,
    '',
    '| first token / first speech | end of turn | connections | turn | utterances | voice to voice, median | p90 | utterance.end → first audio | connections opened after the end of speech, per turn |',
    '| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
  ].join('\n');
}

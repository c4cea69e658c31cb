import { percentile } from '@parley/shared';

/** One sound said over a reply, and what it did. */
export interface BargeInOutcome {
  kind: 'backchannel' | 'noise' | 'interruption';
  voice: string;
  text: string;
  /** What the recogniser had heard of it when it was decided (its latest words). */
  heard: string;
  /** Every interim transcript of it, in order. */
  partials: string[];
  /** When each came, ms after the sound's onset (the same order). */
  partialMs: number[];
  /** The stop phrases spotted by each (the same order; runs before spotting have none). */
  partialSpotted?: (readonly string[])[];
  /**
   * Up to where in the sound each one's words account for its audio, ms after its onset (the
   * same order; null: not said; runs before coverage have none).
   */
  partialCoveredMs?: (number | null)[];
  /**
   * When each 100 ms chunk of the sound was sent, ms after its onset, by its place in the sound
   * (chunk i holds its audio from i × 100 ms in the file; null: not sent).
   */
  chunkSentMs?: (number | null)[];
  /** The sound's onset in its file (ms). */
  onsetInFileMs?: number | null;
  action: 'resume' | 'stop' | 'none';
  reason: string;
  /** Onset → stop decided (the interrupt sent), ms. */
  onsetToStopMs: number | null;
  /** Last loud frame → resume decided (back at full level), ms. */
  endToResumeMs: number | null;
  /** How far into the reply the sound began (ms). */
  atMs: number;
}

export interface BargeInSummary {
  /** Backchannels and noises, and those that stopped the reply (goal: ≤ 1 in 20). */
  listening: number;
  falseStops: number;
  /** Real interruptions, and those that did not stop it (goal: 0). */
  interruptions: number;
  missed: number;
  resumeMedianMs: number | null;
  resumeP90Ms: number | null;
  resumeMaxMs: number | null;
  /** Resumed later than 300 ms after the sound's end. */
  resumeLate: number;
  stopMedianMs: number | null;
  stopP90Ms: number | null;
  stopMaxMs: number | null;
  /** Stopped later than 500 ms after the onset. */
  stopLate: number;
  /**
   * Where an interruption's time to the cut goes (medians over those stopped): the recogniser's
   * first words after the onset, then the words the decision was taken on after those.
   */
  firstWordsMedianMs: number | null;
  decidingWordsAfterFirstMedianMs: number | null;
  /**
   * From a sound's onset to the chunk holding it sent (median over the sounds; null: a run
   * before chunks' times were kept): its wait at the page for the chunk to fill.
   */
  onsetChunkWaitMedianMs?: number | null;
}

const figure = (x: number | undefined) => (x === undefined ? null : Math.round(x));

export function summarize(outcomes: readonly BargeInOutcome[]): BargeInSummary {
  const listening = outcomes.filter((o) => o.kind !== 'interruption');
  const interruptions = outcomes.filter((o) => o.kind === 'interruption');
  const resumes = listening.flatMap((o) => (o.endToResumeMs === null ? [] : [o.endToResumeMs]));
  const stops = interruptions.flatMap((o) => (o.onsetToStopMs === null ? [] : [o.onsetToStopMs]));
  const p = (xs: number[], q: number) => (xs.length ? figure(percentile(xs, q)) : null);
  // Words, not a recogniser's word of how far it read (told with no words yet).
  const wordsMs = (o: BargeInOutcome) =>
    o.partialMs.filter(
      (_, i) => (o.partials[i] ?? '').trim() !== '' || o.partialSpotted?.[i]?.length,
    );
  const stopped = interruptions.filter((o) => o.onsetToStopMs !== null && wordsMs(o).length > 0);
  const firstWords = stopped.map((o) => wordsMs(o)[0] ?? 0);
  const deciding = stopped.map((o) => {
    const by = wordsMs(o).filter((ms) => ms <= (o.onsetToStopMs ?? 0) + 1);
    return (by.at(-1) ?? 0) - (wordsMs(o)[0] ?? 0);
  });
  return {
    listening: listening.length,
    falseStops: listening.filter((o) => o.action === 'stop').length,
    interruptions: interruptions.length,
    missed: interruptions.filter((o) => o.action !== 'stop').length,
    resumeMedianMs: p(resumes, 0.5),
    resumeP90Ms: p(resumes, 0.9),
    resumeMaxMs: resumes.length ? figure(Math.max(...resumes)) : null,
    resumeLate: resumes.filter((x) => x > 300).length,
    stopMedianMs: p(stops, 0.5),
    stopP90Ms: p(stops, 0.9),
    stopMaxMs: stops.length ? figure(Math.max(...stops)) : null,
    stopLate: stops.filter((x) => x > 500).length,
    firstWordsMedianMs: p(firstWords, 0.5),
    decidingWordsAfterFirstMedianMs: p(deciding, 0.5),
    onsetChunkWaitMedianMs: p(
      outcomes.flatMap((o) => {
        const onset = o.onsetInFileMs;
        const sent = onset == null ? null : o.chunkSentMs?.[Math.floor(onset / 100)];
        return sent == null ? [] : [sent];
      }),
      0.5,
    ),
  };
}

const ms = (x: number | null) => (x === null ? '–' : `${Math.round(x)} ms`);

/** The bench's result as markdown: the goals' figures, then every sound. */
export function bargeInMarkdown(
  outcomes: readonly BargeInOutcome[],
  run: {
    command: string;
    machine: string;
    load: string;
    minutes: number;
    rule: string;
    /** Who says the sounds and who recognises them; default: Flite and the embedded providers. */
    setup?: string;
    /** Lines said after where an interruption's time goes (e.g. the relay's own hand-off). */
    timing?: readonly string[];
  },
): string {
  const s = summarize(outcomes);
  return [
    '# A sound over the reply: words, not length, decide (issue 52)',
    '',
    `\`${run.command}\` — rule \`${run.rule}\`; ${run.machine}; load ${run.load}; ${run.minutes} min.`,
    "Each sound is said by `pnpm talk`'s full-duplex mode (`speakOverReply`) over the reply to a",
    `typed question, in real time, into a relay with ${run.setup ?? 'the embedded providers (PocketSphinx word by word, the offline responder, Flite)'},`,
    "and judged by the app's policy (`judgeBargeIn`) on the",
    "relay's partial words and the sound's loudness. Times are decisions on the client: the",
    "browser adds its player's ramp (a few ms) to both.",
    '',
    '| figure | result | goal |',
    '| --- | --- | --- |',
    `| false stops (backchannels and noises that stopped the reply) | ${s.falseStops} / ${s.listening} | ≤ 1 in 20 |`,
    `| missed interruptions | ${s.missed} / ${s.interruptions} | 0 |`,
    `| backchannel's end → reply at full level (median, p90, max) | ${ms(s.resumeMedianMs)}, ${ms(s.resumeP90Ms)}, ${ms(s.resumeMaxMs)} (${s.resumeLate} over 300 ms) | ≤ 300 ms |`,
    `| interruption's onset → cut (median, p90, max) | ${ms(s.stopMedianMs)}, ${ms(s.stopP90Ms)}, ${ms(s.stopMaxMs)} (${s.stopLate} over 500 ms) | ≤ 500 ms |`,
    '',
    `Where an interruption's time to the cut goes (medians): the recogniser's first words ${ms(s.firstWordsMedianMs)} after the onset,`,
    `then ${ms(s.decidingWordsAfterFirstMedianMs)} more to the words the cut was decided on (the first guess revised); the policy decides as they come.`,
    ...(s.onsetChunkWaitMedianMs == null
      ? []
      : [
          `A sound's onset waits ${ms(s.onsetChunkWaitMedianMs)} (median) at the page for its 100 ms chunk to fill before it is sent.`,
        ]),
    ...(run.timing ?? []),
    '',
    '| kind | voice | said | heard | did | why | onset → cut | end → full level |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...outcomes.map(
      (o) =>
        `| ${o.kind} | ${o.voice} | ${o.text} | ${o.heard || '–'} | ${o.action} | ${o.reason} | ${ms(o.onsetToStopMs)} | ${ms(o.endToResumeMs)} |`,
    ),
    '',
  ].join('\n');
}

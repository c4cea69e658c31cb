/**
 * Interim transcripts with the embedded recogniser (PocketSphinx): how long after the user
 * starts speaking the first words reach the client. Phrases spoken by Flite are streamed in real
 * time as 100 ms chunks (as `pnpm talk` does) into a relay with the default embedded providers;
 * the figure is start of speech in the stream → first `transcript.partial` received.
 *
 *   pnpm bench:partials            (RUNS=10 by default)
 *
 * Runs with the decoder the relay picks: parley-sphinx when built (`bash relay/native/build.sh`),
 * else pocketsphinx_continuous, whose only partial comes at the end of a speech segment.
 */
import { pcm16ToFloat } from '@parley/shared';
import { TalkClient } from '../relay/src/talk/client.ts';
import { UtteranceStreamer } from '../relay/src/talk/stream.ts';
import { defaultDecoderBinary } from '../relay/src/providers/embedded/pocketsphinx/decoder-binary.ts';
import { closeSynthesizers, synthesizeSpeech } from '../relay/test/fixtures/speech.ts';
import { startTestRelay } from '../relay/test/harness.ts';
import { median, round } from './lib/stats.ts';

const RUNS = Number(process.env.RUNS ?? 10);
const PHRASES = [
  'Please tell me the weather in Paris tomorrow.',
  'What is twelve times seven?',
  'I would like a cup of coffee.',
  'What time is it?',
  'Turn on the lights in the kitchen.',
];

const relay = await startTestRelay();
const firstPartialMs: number[] = [];
const partialsPerTurn: number[] = [];
const beforeEnd: boolean[] = [];
try {
  const client = await TalkClient.connect(relay.wsUrl);
  const streamer = new UtteranceStreamer(client);
  for (let run = 0; run < RUNS; run++) {
    const text = PHRASES[run % PHRASES.length] ?? '';
    const { samples } = await synthesizeSpeech(text, {
      leadingSilenceMs: 400,
      trailingSilenceMs: 900,
    });
    for (const r of await streamer.stream(pcm16ToFloat(samples), { speculate: false })) {
      const t = client.turns.get(r.turnId);
      partialsPerTurn.push(t?.partials.length ?? 0);
      beforeEnd.push((t?.partials[0]?.atMs ?? Infinity) < (t?.endSentAtMs ?? 0));
      if (r.timings.firstPartialMs !== null) firstPartialMs.push(r.timings.firstPartialMs);
      console.log(
        JSON.stringify({
          text,
          transcript: r.transcript,
          firstPartialMs: r.timings.firstPartialMs,
          partials: t?.partials.length ?? 0,
        }),
      );
    }
  }
  client.close();
} finally {
  await relay.close();
  await closeSynthesizers();
}
console.log(
  JSON.stringify({
    decoder: defaultDecoderBinary(),
    runs: RUNS,
    firstPartialMedianMs: round(median(firstPartialMs)),
    firstPartialMinMs: round(Math.min(...firstPartialMs)),
    firstPartialMaxMs: round(Math.max(...firstPartialMs)),
    partialsPerTurnMedian: median(partialsPerTurn),
    firstPartialBeforeUtteranceEnd: `${beforeEnd.filter(Boolean).length}/${beforeEnd.length}`,
  }),
);

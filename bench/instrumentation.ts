/**
 * What the relay's instrumentation costs per turn: observing a finished turn in the Prometheus
 * metrics (histograms per stage, counters), building its timeline marks, and one scrape of
 * `/metrics` (text rendering), on this machine's CPU.
 *
 *   pnpm bench:instrumentation
 */
import { buildTimeline, ClockOffsetEstimator } from '@parley/shared';
import { RelayMetrics } from '../relay/src/observability/metrics.ts';
import type { FinishedTurn } from '../relay/src/observability/turn-observer.ts';

const N = Number(process.env.TURNS ?? 20_000);
const metrics = new RelayMetrics({ connections: () => 1, sessions: () => 1, providers: () => [] });
const now = () => performance.now();
const T = Date.now();
const turn = (i: number): FinishedTurn => ({
  sessionId: 's',
  turnId: i,
  input: 'spoken',
  result: {
    status: 'completed',
    transcript: 'what time is it',
    reply: "It's noon.",
    audioSamples: 16_000,
    timings: {
      asrFinalMs: 50 + (i % 100),
      llmFirstTokenMs: 1,
      ttsFirstAudioMs: 60,
      relayFirstAudioMs: 120,
    },
    marks: {
      endReceivedAtMs: T,
      asrFinalAtMs: T + 50,
      llmRequestAtMs: T + 51,
      llmFirstTokenAtMs: T + 52,
      ttsRequestAtMs: T + 53,
      ttsFirstAudioAtMs: T + 110,
      firstAudioSentAtMs: T + 120,
    },
    servedBy: { asr: 'pocketsphinx', llm: 'offline-responder', tts: 'flite' },
  },
  errors: [],
  audio: null,
  doneAtMs: T + 1000,
});

// Warm up, then measure.
for (let i = 0; i < 1000; i++) metrics.turnFinished(turn(i));
let t0 = now();
for (let i = 0; i < N; i++) {
  metrics.turnFinished(turn(i));
  metrics.voiceToVoice(0.7);
}
const observeUs = ((now() - t0) * 1000) / N;

const clock = new ClockOffsetEstimator();
for (let i = 0; i < 64; i++)
  clock.add({
    sentAtMs: i * 5000,
    serverAtMs: i * 5000 + 3 + (i % 7),
    receivedAtMs: i * 5000 + 6 + (i % 5),
  });
t0 = now();
for (let i = 0; i < N; i++) {
  buildTimeline(
    {
      speechEndAtMs: T,
      endSentAtMs: T + 500,
      firstAudioReceivedAtMs: T + 700,
      firstSamplePlayedAtMs: T + 730,
    },
    turn(i).result.marks,
    clock.estimate(),
  );
}
const timelineUs = ((now() - t0) * 1000) / N;

t0 = now();
const SCRAPES = 200;
let bytes = 0;
for (let i = 0; i < SCRAPES; i++) bytes = (await metrics.scrape()).length;
const scrapeMs = (now() - t0) / SCRAPES;

console.log(`Instrumentation cost (${N} turns):`);
console.log(
  `  relay: observe one finished turn (histograms, counters, v2v): ${observeUs.toFixed(1)} µs`,
);
console.log(`  client: clock estimate + timeline of one turn: ${timelineUs.toFixed(1)} µs`);
console.log(
  `  one /metrics scrape (${(bytes / 1024).toFixed(0)} KiB of text): ${scrapeMs.toFixed(2)} ms`,
);
process.exit(0);

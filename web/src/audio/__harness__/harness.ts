/**
 * Scratch page for the audio layer: captures the (fake) microphone, runs the VAD on the 16 kHz
 * stream, then plays the detected utterance back through the player and reports everything to the
 * Playwright spec next to it. Not part of the app.
 */
import { floatToPcm16, rms } from '@parley/shared';
import { startCapture, type CapturedAudio } from '../capture.ts';
import { createPlayer } from '../player.ts';
import { chunkSeqOfSample } from '../stream-timeline.ts';
import { VoiceActivityDetector, type VadEvent } from '../vad.ts';

export interface HarnessReport {
  contextRateHz: number;
  baseLatencyMs: number;
  outputLatencyMs: number;
  trackSettings: MediaTrackSettings;
  getUserMediaAtMs: number;
  capture: {
    blocks: number;
    samples: number;
    blockSizes: number[];
    gapless: boolean;
    gapFilledMs: number;
    firstCapturedAtMs: number;
  };
  vadLoadMs: number;
  vadLoadTimings: VoiceActivityDetector['loadTimings'];
  vadFirstFrameMs: number;
  /** Model + FrameProcessor time per 32 ms frame, measured on the start-up backlog. */
  vadMsPerFrame: number;
  vadWarmUpMs: number;
  backlogFrames: number;
  framesProcessed: number;
  /** VAD events (speechEnd's audio replaced by its length), with capture time and chunk seq. */
  events: Record<string, unknown>[];
  energy: { onsetSample: number; offsetSample: number };
  probabilities: number[];
  playback: {
    turns: {
      turnId: number;
      enqueued: number;
      played: number;
      nonSilent: number;
      firstPlayedAtMs?: number;
      underruns: number;
    }[];
    isPlayingDuring: boolean;
    isPlayingAfter: boolean;
    stopTurn: { played: number; enqueued: number; droppedAfterStop: number };
    firstSampleLatencyMs: number;
  };
}

export interface HarnessOptions {
  /** AudioContext rate to ask for (Hz); default: the browser's choice. */
  sampleRateHz?: number;
}

declare global {
  interface Window {
    harness: { run: (options?: HarnessOptions) => Promise<HarnessReport> };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** First and last 10 ms windows of the captured stream above −40 dBFS. */
function energyBounds(audio: Float32Array): { onsetSample: number; offsetSample: number } {
  const win = 160;
  let onset = -1;
  let offset = -1;
  for (let i = 0; i + win <= audio.length; i += win) {
    if (rms(audio.subarray(i, i + win)) > 0.01) {
      if (onset < 0) onset = i;
      offset = i + win;
    }
  }
  return { onsetSample: onset, offsetSample: offset };
}

async function run(options: HarnessOptions = {}): Promise<HarnessReport> {
  const context = new AudioContext({
    latencyHint: 'interactive',
    ...(options.sampleRateHz === undefined ? {} : { sampleRate: options.sampleRateHz }),
  });
  await context.resume();

  const blocks: CapturedAudio[] = [];
  const events: VadEvent[] = [];
  const probabilities: number[] = [];
  let vad: VoiceActivityDetector | null = null;
  let vadFirstFrameMs = 0;
  let firstFrameAt = 0;
  let live = false;
  const loadStarted = performance.now();

  const vadReady = VoiceActivityDetector.load({
    emitFrames: true,
    includeAudio: true,
    onEvent: (e) => {
      if (e.type === 'frame') {
        if (probabilities.length === 0) {
          firstFrameAt = performance.now();
          vadFirstFrameMs = firstFrameAt - loadStarted;
        }
        probabilities.push(e.probability);
      } else events.push(e);
    },
  });

  const getUserMediaAtMs = performance.timeOrigin + performance.now();
  const capture = await startCapture(context, {
    onAudio: (a) => {
      blocks.push(a);
      if (live) vad?.push(a.samples, a.firstSample);
    },
  });
  vad = await vadReady;
  // Blocks captured while the model loaded: feed them now, at their own positions, then go live.
  const backlogStarted = performance.now();
  for (const b of blocks) vad.push(b.samples, b.firstSample);
  live = true;
  await vad.idle();
  const backlogFrames = vad.framesProcessed;
  const vadWarmUpMs = firstFrameAt - backlogStarted;
  const msPerFrame = (performance.now() - firstFrameAt) / Math.max(1, backlogFrames - 1);

  await waitFor(
    () => events.some((e) => e.type === 'speechEnd' || e.type === 'misfire'),
    12_000,
    'speechEnd',
  );
  await sleep(300);
  capture.stop();
  await vad.idle();

  const total = blocks.reduce((n, b) => n + b.samples.length, 0);
  const audio = new Float32Array(total);
  let gapless = true;
  let o = 0;
  for (const b of blocks) {
    if (b.firstSample !== o) gapless = false;
    audio.set(b.samples, o);
    o += b.samples.length;
  }

  // ── Playback: the detected utterance (16 kHz, resampled by the player), in 100 ms chunks ──
  const firstPlayed = new Map<number, number>();
  const player = await createPlayer(context, {
    onFirstSamplePlayed: (turnId, epochMs) => firstPlayed.set(turnId, epochMs),
  });
  const end = events.find(
    (e): e is Extract<VadEvent, { type: 'speechEnd' }> => e.type === 'speechEnd',
  );
  const utterance = end?.audio ?? audio;
  const enqueuedAtMs = performance.timeOrigin + performance.now();
  for (let i = 0; i < utterance.length; i += 1600) {
    player.enqueue(1, floatToPcm16(utterance.subarray(i, i + 1600)), 16_000);
  }
  player.endTurn(1);
  const isPlayingDuring = player.isPlaying;
  await waitFor(() => !player.isPlaying, 10_000, 'turn 1 to drain');
  await sleep(120);

  // ── Barge-in: a 2 s tone at the context rate, stopped after ~300 ms ──
  const rate = context.sampleRate;
  const tone = new Int16Array(rate * 2).map((_, i) =>
    Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / rate)),
  );
  player.enqueue(2, tone.subarray(0, rate), rate);
  await sleep(300);
  player.stop();
  player.enqueue(2, tone.subarray(rate), rate); // late audio of the stopped turn: ignored
  await waitFor(() => !player.isPlaying, 2_000, 'stop');
  await sleep(120);
  const t2 = player.turns.get(2);

  const report: HarnessReport = {
    contextRateHz: context.sampleRate,
    baseLatencyMs: context.baseLatency * 1000,
    outputLatencyMs: (context.outputLatency || 0) * 1000,
    trackSettings: capture.track.getSettings(),
    getUserMediaAtMs,
    capture: {
      blocks: capture.blocks,
      samples: capture.samples,
      blockSizes: blocks.map((b) => b.samples.length),
      gapless,
      gapFilledMs: capture.gapFilledMs,
      firstCapturedAtMs: blocks[0]?.capturedAtMs ?? Number.NaN,
    },
    vadLoadMs: vad.loadMs,
    vadLoadTimings: vad.loadTimings,
    vadFirstFrameMs,
    vadMsPerFrame: msPerFrame,
    vadWarmUpMs,
    backlogFrames,
    framesProcessed: vad.framesProcessed,
    events: events.map((e) => {
      const mark = e.type === 'speechEnd' ? e.endSample : e.startSample;
      const summary = e.type === 'speechEnd' ? { ...e, audio: e.audio?.length ?? 0 } : e;
      return { ...summary, atMs: capture.timeline.epochMsOf(mark), seq: chunkSeqOfSample(mark) };
    }),
    energy: energyBounds(audio),
    probabilities,
    playback: {
      turns: [...player.turns.values()].map((t) => ({
        turnId: t.turnId,
        enqueued: t.enqueuedSamples,
        played: t.playedSamples,
        nonSilent: t.nonSilentSamples,
        ...(t.firstPlayedAtMs === undefined ? {} : { firstPlayedAtMs: t.firstPlayedAtMs }),
        underruns: t.underruns,
      })),
      isPlayingDuring,
      isPlayingAfter: player.isPlaying,
      stopTurn: {
        played: t2?.playedSamples ?? 0,
        enqueued: t2?.enqueuedSamples ?? 0,
        droppedAfterStop: player.droppedAfterStop,
      },
      firstSampleLatencyMs: (firstPlayed.get(1) ?? Number.NaN) - enqueuedAtMs,
    },
  };
  player.dispose();
  await vad.close();
  await context.close();
  return report;
}

window.harness = { run };

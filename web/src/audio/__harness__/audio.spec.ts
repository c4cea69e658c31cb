// Scratch end-to-end check of the audio layer in real Chromium (fake microphone). See README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { HarnessReport } from './harness.ts';
import { RAW_WAV } from './playwright.config.ts';

/** Speech bounds (s) of a mono PCM16 WAV: first/last 10 ms window above −40 dBFS. */
function speechBounds(path: string): { rateHz: number; onsetSec: number; offsetSec: number } {
  const buf = readFileSync(path);
  let off = 12;
  let rateHz = 0;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === 'fmt ') rateHz = buf.readUInt32LE(off + 12);
    if (id === 'data') {
      const n = Math.floor(size / 2);
      const win = rateHz / 100;
      let onset = -1;
      let offset = -1;
      for (let i = 0; i + win <= n; i += win) {
        let sum = 0;
        for (let k = 0; k < win; k++) sum += (buf.readInt16LE(off + 8 + (i + k) * 2) / 32768) ** 2;
        if (Math.sqrt(sum / win) > 0.01) {
          if (onset < 0) onset = i;
          offset = i + win;
        }
      }
      return { rateHz, onsetSec: onset / rateHz, offsetSec: offset / rateHz };
    }
    off += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

test('capture → 16 kHz → VAD → player, offline', async ({ page, baseURL }, info) => {
  const origin = new URL(baseURL ?? '').origin;
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('response', (r) => {
    if (r.status() >= 400) console.log(`[http ${r.status()}] ${r.url()}`);
  });
  page.on('console', (m) => console.log(`[page ${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));

  await page.goto('./');
  // HARNESS_RATE=48000 (or 16000…) forces the AudioContext rate; default: Chromium's choice.
  const rate = process.env['HARNESS_RATE'];
  const options = rate === undefined ? {} : { sampleRateHz: Number(rate) };
  const report: HarnessReport = await page.evaluate((o) => window.harness.run(o), options);
  writeFileSync(
    `/tmp/parley-audio-harness/report-${info.project.name}.json`,
    JSON.stringify(report, null, 1),
  );

  // ── capture ──
  expect(report.capture.gapless).toBe(true);
  expect(report.capture.samples).toBeGreaterThan(16_000 * 2);
  // 20 ms at the context rate → 16 kHz: 320 samples ± 1 (44.1 kHz does not divide evenly).
  // The first blocks carry the resampler's warm-up and any silence filled in while the track
  // started (see gapFilledMs).
  for (const n of report.capture.blockSizes.slice(3))
    expect(Math.abs(n - 320)).toBeLessThanOrEqual(2);

  // ── VAD vs the file ──
  const raw = speechBounds(RAW_WAV);
  const fileOnsetSec = 1 + raw.onsetSec; // 1 s of padding before the speech
  const fileOffsetSec = 1 + raw.offsetSec;
  const types = report.events.map((e) => e['type']);
  expect(types).toEqual(['speechStart', 'speechRealStart', 'speechEnd']);
  const start = report.events[0] ?? {};
  const end = report.events[2] ?? {};
  const { onsetSample, offsetSample } = report.energy;
  // Where the capture stream began within the file (the fake file starts at getUserMedia).
  const captureLagSec = fileOnsetSec - onsetSample / 16_000;
  const summary = {
    project: info.project.name,
    contextRateHz: report.contextRateHz,
    latenciesMs: { base: report.baseLatencyMs, output: report.outputLatencyMs },
    trackLatencyS: (report.trackSettings as { latency?: number }).latency,
    vadLoadMs: Math.round(report.vadLoadMs),
    vadLoadTimings: report.vadLoadTimings,
    vadFirstFrameMs: Math.round(report.vadFirstFrameMs),
    vadMsPerFrame: report.vadMsPerFrame,
    vadWarmUpMs: report.vadWarmUpMs,
    backlogFrames: report.backlogFrames,
    framesProcessed: report.framesProcessed,
    capture: { ...report.capture, blockSizes: report.capture.blockSizes.slice(0, 5) },
    fileSpeechSec: [fileOnsetSec, fileOffsetSec],
    captureStartsInFileAtSec: captureLagSec,
    energySamples: [onsetSample, offsetSample],
    vadStart: start,
    vadEnd: end,
    startMinusEnergyMs: (Number(start['startSample']) - onsetSample) / 16,
    endMinusEnergyMs: (Number(end['endSample']) - offsetSample) / 16,
    endDecisionDelayMs: (Number(end['decidedAtSample']) - Number(end['endSample'])) / 16,
    // Capture timestamp of the speech onset vs getUserMedia time + onset in the file.
    // (≥ 0 unless capture times run early: the file cannot start before getUserMedia is called;
    // the true value includes the fake device's start-up delay.)
    onsetTimestampErrorMs:
      Number(start['atMs']) -
      (Number(start['startSample']) - onsetSample) / 16 -
      (report.getUserMediaAtMs + fileOnsetSec * 1000),
    playback: report.playback,
    requests: requests.filter(
      (u) => !u.includes('/@') && !u.includes('/node_modules/') && !u.endsWith('.ts'),
    ),
  };
  console.log(JSON.stringify(summary, null, 1));

  expect(Math.abs(Number(start['startSample']) - onsetSample)).toBeLessThan(16 * 100); // ±100 ms
  expect(Math.abs(Number(end['endSample']) - offsetSample)).toBeLessThan(16 * 150); // ±150 ms
  // redemptionMs 500 → 15 frames below the negative threshold (frames between the two thresholds
  // neither count nor reset), so at least 480 ms after the last speech frame.
  const endDelayFrames = (Number(end['decidedAtSample']) - Number(end['endSample'])) / 512;
  expect(endDelayFrames).toBeGreaterThanOrEqual(15);
  expect(endDelayFrames).toBeLessThanOrEqual(20);

  // ── offline: everything from our origin; the VAD fetched exactly its two files ──
  for (const url of requests) {
    if (url.startsWith('data:') || url.startsWith('blob:')) continue;
    expect(new URL(url).origin, url).toBe(origin);
  }
  const vadFiles = requests
    .filter((u) => new URL(u).pathname.includes('/vad/'))
    .map((u) => new URL(u).pathname.split('/').pop());
  expect(vadFiles.sort()).toEqual(['ort-wasm-simd-threaded.wasm', 'silero_vad_v5.onnx']);

  // ── playback ──
  const [t1, t2] = report.playback.turns;
  expect(t1?.played).toBe(t1?.enqueued);
  expect(t1?.nonSilent ?? 0).toBeGreaterThan((t1?.played ?? 0) * 0.3);
  expect(t1?.firstPlayedAtMs).toBeGreaterThan(0);
  expect(report.playback.isPlayingDuring).toBe(true);
  expect(report.playback.isPlayingAfter).toBe(false);
  expect(t2?.played ?? 0).toBeGreaterThan(0);
  expect(t2?.played ?? 0).toBeLessThan(report.contextRateHz * 0.6); // stopped after ~300 ms
  expect(report.playback.stopTurn.droppedAfterStop).toBe(1);
});

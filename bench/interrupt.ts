/**
 * Interrupt by click: from the click on the talk control (in its speaking state) to the reply
 * silent at the output, in half duplex (laptop speakers: the microphone is ignored while the
 * reply plays, so the control is the only way to stop it).
 *
 *   pnpm bench:interrupt
 *
 * Builds the app and the relay when missing or stale, starts the built relay (embedded
 * providers) on a free port, and runs RUNS (10) calls in /usr/bin/chromium with the e2e
 * `long-reply` fixture ("what can you do": a nine-second answer). Each run starts a call with
 * `?duplex=half`, waits until the reply has played 1.5–2.5 s (a seeded random point, so clicks
 * fall anywhere in the audio's render quanta), and clicks the talk control.
 *
 * The figures, from the page's own clocks (epoch ms, sub-millisecond):
 * - click: the `pointerdown` event's timestamp (the click's start; the app acts on it);
 * - handled: when the controls asked turn-taking to stop the reply (`userInterrupts`);
 * - silent: where the playback worklet's fade-out ended (the `stopped` event's context frame),
 *   as heard: mapped to wall time through `AudioContext.getOutputTimestamp()`, so the output
 *   latency the browser reports is included (`outputLatencyMs`, printed).
 * Each run also checks that the worklet played nothing of the turn after the stop.
 *
 * Environment: RUNS (10), SEED (23). Writes bench/results/interrupt.json and .md.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { seededRandom } from '@parley/shared';
import { withMicPage } from './lib/mic-page.ts';
import globalSetup, { FIXTURES } from '../e2e/global-setup.ts';
import { ensureBuild, startRelay } from './client-cost/setup.ts';
import { median, round, worst } from './lib/stats.ts';
import { writeResult } from './lib/write-result.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 10);
const SEED = Number(process.env.SEED ?? 23);

interface Run {
  clickToHandledMs: number;
  clickToSilentMs: number;
  outputLatencyMs: number;
  playedBeforeClickMs: number;
  playedAfterStop: number;
}

/**
 * Polls `expr` (a JS expression, as text) in the page until it is truthy. From here rather than
 * with waitForFunction: the app's CSP forbids evaluating strings in the page.
 */
async function until(page: Page, expr: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(`Boolean(${expr})`))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${expr}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function run(baseUrl: string, wav: string, waitMs: number): Promise<Run> {
  return withMicPage(wav, async (page) => {
    // Browser code as text: this package is type-checked against Node, not the DOM.
    await page.addInitScript({
      content: `document.addEventListener('pointerdown', (e) => {
        if (e.target instanceof Element && e.target.closest('[data-testid="talk-button"]'))
          window.__clickAtMs = performance.timeOrigin + e.timeStamp;
      }, true);`,
    });
    await page.goto(`${baseUrl}/?duplex=half`);
    await page.getByTestId('talk-button').click();
    const played = `(() => {
      const d = window.__parley;
      const id = Math.max(0, ...d.store.getState().entries.map((e) => e.turnId));
      return d.player.playedSamplesAt(id, d.ready.outputSampleRateHz) / d.ready.outputSampleRateHz * 1000;
    })()`;
    await until(page, `window.__parley?.player && ${played} >= ${waitMs}`);
    const playedBeforeClickMs = await page.evaluate<number>(played);
    await page.getByTestId('talk-button').click();
    await until(page, `window.__parley?.turns?.userInterrupts.length === 1`);
    // Once the relay is done with the turn (its last audio arrived, and was dropped), the
    // worklet has played nothing more of it.
    await until(
      page,
      `window.__parley.store.getState().entries.some((e) => e.role === 'assistant' && e.final)`,
    );
    return await page.evaluate<Run>(`(() => {
      const d = window.__parley;
      const cut = d.turns.userInterrupts[0];
      const rate = d.ready.outputSampleRateHz;
      return {
        clickToHandledMs: cut.requestedAtMs - window.__clickAtMs,
        clickToSilentMs: cut.silencedAtMs - window.__clickAtMs,
        outputLatencyMs: ((d.context.baseLatency || 0) + (d.context.outputLatency || 0)) * 1000,
        playedBeforeClickMs: ${playedBeforeClickMs},
        playedAfterStop: d.player.playedSamplesAt(cut.turnId, rate) - cut.playedSamples,
      };
    })()`);
  });
}

const loadAvgBefore = loadavg();
ensureBuild(ROOT);
globalSetup();
const relay = await startRelay(
  ROOT,
  join(ROOT, 'web/dist'),
  mkdtempSync(join(tmpdir(), 'parley-interrupt-')),
);
const random = seededRandom(SEED);
const runs: Run[] = [];
try {
  for (let i = 1; i <= RUNS; i++) {
    const r = await run(relay.url, `${FIXTURES}long-reply.wav`, 1500 + random() * 1000);
    if (r.playedAfterStop !== 0)
      throw new Error(`run ${i}: ${r.playedAfterStop} samples played after the stop`);
    runs.push(r);
    console.log(
      `run ${i}/${RUNS}: click → silent ${r.clickToSilentMs.toFixed(1)} ms (handled after ${r.clickToHandledMs.toFixed(1)} ms; output latency ${r.outputLatencyMs.toFixed(1)} ms; ${(r.playedBeforeClickMs / 1000).toFixed(2)} s of reply played)`,
    );
  }
} finally {
  relay.stop();
}

const figure = (pick: (r: Run) => number) => {
  const xs = runs.map(pick);
  return { median: round(median(xs)), max: round(worst(xs)), all: xs.map((x) => round(x)) };
};
const results = {
  command: 'pnpm bench:interrupt' + (process.env.RUNS ? ` (RUNS=${RUNS})` : ''),
  machine: {
    cores: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? '?',
    chromium: execFileSync('/usr/bin/chromium', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim(),
  },
  conditions: { loadAvgBefore, loadAvgAfter: loadavg(), duplex: 'half', fixture: 'long-reply' },
  runs: RUNS,
  clickToSilentMs: figure((r) => r.clickToSilentMs),
  clickToHandledMs: figure((r) => r.clickToHandledMs),
  outputLatencyMs: figure((r) => r.outputLatencyMs),
};
const md = `# Interrupt by click (half duplex)

\`${results.command}\` · ${results.machine.cpu}, ${results.machine.cores} cores · ${results.machine.chromium} · load ${loadAvgBefore.map((x) => x.toFixed(2)).join(' ')}

| from the click (pointerdown) to                                   | median | max |
| ----------------------------------------------------------------- | -----: | --: |
| the controls asking turn-taking to stop the reply                 | ${results.clickToHandledMs.median} ms | ${results.clickToHandledMs.max} ms |
| the reply silent at the output (end of the 5 ms fade, as heard)   | ${results.clickToSilentMs.median} ms | ${results.clickToSilentMs.max} ms |

Of the second figure, the browser's reported output latency (base + output) is ${results.outputLatencyMs.median} ms (median). ${RUNS} runs, a fresh browser each, the click 1.5–2.5 s into the reply (seed ${SEED}); in every run the playback worklet played nothing of the turn after its stop.
`;
await writeResult(join(ROOT, 'bench/results/interrupt.json'), JSON.stringify(results, null, 2));
await writeResult(join(ROOT, 'bench/results/interrupt.md'), md);
console.log(`\n${md}`);

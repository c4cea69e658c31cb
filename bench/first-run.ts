/**
 * From opening the page to the first answer of a local model found on this machine, by the first
 * screen's one click: the steps and the seconds (compare `pnpm bench:settings`, the way through
 * Settings).
 *
 *   pnpm bench:first-run
 *
 * Each run: a fresh relay (embedded providers, its own data) whose local-server detection is
 * pointed at a fake OpenAI-compatible server (it answers at once: the seconds are the app's and
 * the relay's), and a fresh /usr/bin/chromium. Timed:
 * 1. the page opened: the first screen says the offline responder answers, and offers the server;
 * 2. click "Use Ollama fake-model": tested, saved — "answers from now on";
 * 3. type a question and press Enter: the new model's answer shown.
 *
 * Environment: RUNS (5). Writes bench/results/first-run.json and .md.
 */
import { mkdtempSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from '@playwright/test';
import { startFakeOpenAi } from '../relay/test/fakes/openai-server.ts';
import { ensureBuild, startRelay } from './client-cost/setup.ts';
import { median, round, worst } from './lib/stats.ts';
import { writeResult } from './lib/write-result.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.RUNS ?? 5);
const QUESTION = 'what is the capital of france';
const ANSWER = 'Paris is the capital of France.';

const STEPS = [
  'the page opened → the offline responder said, the server offered',
  'Use Ollama fake-model → tested and saved',
  'a question typed, Enter → the new model’s answer shown',
] as const;

async function flow(page: Page, url: string): Promise<number[]> {
  const times: number[] = [];
  const step = async (act: () => Promise<void>) => {
    const t0 = performance.now();
    await act();
    times.push(performance.now() - t0);
  };
  const use = page.getByRole('button', { name: 'Use Ollama fake-model' });
  await step(async () => {
    await page.goto(url);
    await use.waitFor();
  });
  await step(async () => {
    await use.click();
    await page.getByTestId('intro-status').getByText('answers from now on').waitFor();
  });
  await step(async () => {
    const text = page.getByTestId('text-input');
    await text.fill(QUESTION);
    await text.press('Enter');
    await page.getByTestId('assistant-utterance').getByText(ANSWER).waitFor();
  });
  return times;
}

async function run(): Promise<number[]> {
  const fake = await startFakeOpenAi();
  fake.reply = () => ANSWER;
  const relay = await startRelay(
    ROOT,
    join(ROOT, 'web/dist'),
    mkdtempSync(join(tmpdir(), 'parley-first-run-')),
    { LOCAL_SERVER_PROBES: `ollama=${fake.baseUrl}` },
  );
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  try {
    const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
    page.setDefaultTimeout(60_000);
    return await flow(page, relay.url);
  } finally {
    await browser.close();
    relay.stop();
    await fake.close();
  }
}

async function main(): Promise<void> {
  ensureBuild(ROOT);
  const runs: number[][] = [];
  for (let i = 0; i < RUNS; i++) {
    runs.push(await run());
    const total = runs.at(-1)?.reduce((a, b) => a + b, 0) ?? 0;
    console.log(`run ${i + 1}: ${round(total / 1000, 2)} s`);
  }
  const totals = runs.map((r) => r.reduce((a, b) => a + b, 0));
  const rows = STEPS.map((name, i) => {
    const xs = runs.map((r) => r[i] ?? 0);
    return `| ${i + 1}. ${name} | ${round(median(xs))} ms | ${round(worst(xs))} ms |`;
  });
  const md = `# From opening the page to a local model's first answer, by the first screen

\`pnpm bench:first-run\` · ${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores · load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} · ${RUNS} runs, a fresh relay and Chromium each

One click and one typed question, from opening the page (the first screen says the offline
responder answers and offers the local server found) to the first answer of that server (a fake
OpenAI-compatible server on a probed port; it answers at once, so these are the app's and the
relay's seconds, the page's load included). Through Settings (\`pnpm bench:settings\`) it is a
question to the offline responder first, then five clicks and the question again.

| step | median | max |
| ---- | -----: | --: |
${rows.join('\n')}
| **total** | **${round(median(totals) / 1000, 2)} s** | **${round(worst(totals) / 1000, 2)} s** |
`;
  await writeResult(join(ROOT, 'bench/results/first-run.json'), JSON.stringify({ runs }));
  await writeResult(join(ROOT, 'bench/results/first-run.md'), md);
  console.log(md);
}

await main();

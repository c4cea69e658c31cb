/**
 * From the offline responder to a newly connected local model, as a user does it in the app:
 * the steps (clicks and keys) and the seconds from opening Settings to the first answer the new
 * model gives.
 *
 *   pnpm bench:settings
 *
 * Builds the app and the relay when missing or stale. Each run: a fresh relay (embedded
 * providers, its own data) whose local-server detection is pointed at a fake OpenAI-compatible
 * server (the relay tests' fake, speaking the real protocol; it answers at once, so the seconds
 * are the app's and the relay's, not a model's), and a fresh /usr/bin/chromium. The user asks a
 * question, the offline responder answers with its one sentence and the link; then, timed:
 * 1. click "Connect a model": Settings opens, the detected server listed;
 * 2. click "Use Ollama fake-model": it becomes the first language model;
 * 3. click "Test": a one-token completion, "Works: … ms";
 * 4. click "Save providers": "Saved";
 * 5. click "Close settings";
 * 6. type the question again and press Enter: the new model's answer shown.
 * A person adds reading and pointing time; the figures are what the app and relay take.
 *
 * Environment: RUNS (5). Writes bench/results/settings-flow.json and .md.
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
  'Connect a model → Settings open, the local server listed',
  'Use Ollama fake-model → first language model',
  'Test → "Works"',
  'Save providers → "Saved"',
  'Close settings',
  'the question typed again, Enter → the new model’s answer shown',
] as const;

async function flow(page: Page, fakeUrl: string): Promise<number[]> {
  const text = page.getByTestId('text-input');
  await text.fill(QUESTION);
  await text.press('Enter');
  await page.getByTestId('connect-model-link').waitFor();
  const times: number[] = [];
  const step = async (act: () => Promise<void>) => {
    const t0 = performance.now();
    await act();
    times.push(performance.now() - t0);
  };
  const llm = page.getByTestId('stage-llm');
  const first = llm.getByTestId('provider-entry').first();
  await step(async () => {
    await page.getByTestId('connect-model-link').click();
    await page.getByTestId('detected-server').getByRole('button').first().waitFor();
  });
  await step(async () => {
    await page.getByRole('button', { name: 'Use Ollama fake-model' }).click();
    await first
      .getByTestId('provider-base-url')
      .and(page.locator(`[value="${fakeUrl}"]`))
      .waitFor();
  });
  await step(async () => {
    await first.getByTestId('provider-test').click();
    await first.locator('[data-testid="provider-test-result"][data-ok="true"]').waitFor();
  });
  await step(async () => {
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();
  });
  await step(async () => {
    await page.getByRole('button', { name: 'Close settings' }).click();
    await page.getByTestId('settings-view').waitFor({ state: 'detached' });
  });
  await step(async () => {
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
    mkdtempSync(join(tmpdir(), 'parley-settings-')),
    {
      LOCAL_SERVER_PROBES: `ollama=${fake.baseUrl}`,
    },
  );
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  try {
    const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
    page.setDefaultTimeout(60_000);
    await page.goto(relay.url);
    return await flow(page, fake.baseUrl);
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
  const md = `# From the offline responder to a local model, in the app

\`pnpm bench:settings\` · ${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores · load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} · ${RUNS} runs, a fresh relay and Chromium each

Six steps, five clicks and one typed question, from the offline responder's "Connect a model" link
to the first answer of the newly connected local server (a fake OpenAI-compatible server found on
a probed port; it answers at once, so these are the app's and the relay's seconds).

| step | median | max |
| ---- | -----: | --: |
${rows.join('\n')}
| **total** | **${round(median(totals) / 1000, 2)} s** | **${round(worst(totals) / 1000, 2)} s** |
`;
  await writeResult(join(ROOT, 'bench/results/settings-flow.json'), JSON.stringify({ runs }));
  await writeResult(join(ROOT, 'bench/results/settings-flow.md'), md);
  console.log(md);
}

await main();

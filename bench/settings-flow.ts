/**
 * From the offline responder to a newly connected local model, as a user does it in the app:
 * the actions (clicks, keys, a typed address or question) and the seconds to the first answer
 * the new model gives, by two paths.
 *
 *   pnpm bench:settings
 *
 * Builds the app and the relay when missing or stale. Each run: a fresh relay (embedded
 * providers, its own data) and a fake OpenAI-compatible server (the relay tests' fake, speaking
 * the real protocol; it answers at once, so the seconds are the app's and the relay's, not a
 * model's), and a fresh /usr/bin/chromium.
 *
 * "Detected": the relay's local-server detection is pointed at the fake. The user asks a
 * question, the offline responder answers with its one sentence and the link; then, timed:
 * 1. click "Connect a model": Settings opens, the detected server listed;
 * 2. click "Use Ollama fake-model": it becomes the first language model;
 * 3. click "Test": a one-token completion, "Works: … ms";
 * 4. click "Save providers": "Saved";
 * 5. click "Close settings";
 * 6. type the question again and press Enter: the new model's answer shown.
 *
 * "Added" (issue 45): nothing is detected (a server on a port of its own); from a fresh start of
 * the relay and the page opening, timed: the relay starts, the page loads, Settings, "Add a
 * language model provider", the kind chosen, the address typed and left, the model chosen (only
 * where the app has not chosen it), Test, Save, Close, the question asked. When the offline
 * responder answers instead (main put the new model behind it), the run says so and goes on as
 * a user who found the way would: Settings, ↑ on the new model, Save, Close, the question again.
 *
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
/** What the offline responder says to a question it cannot answer (first and later times). */
const OFFLINE = /can't answer that yet/;

/** One timed step: what the user does, how many actions it takes, how long the app took. */
interface Step {
  name: string;
  actions: number;
  ms: number;
}

/** Times `act` as step `name` of `actions` actions; resolves with what it resolved with. */
function stepper(steps: Step[]) {
  return async <T>(name: string, actions: number, act: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await act();
    steps.push({ name, actions, ms: performance.now() - t0 });
    return out;
  };
}

async function detectedFlow(page: Page, fakeUrl: string): Promise<Step[]> {
  const text = page.getByTestId('text-input');
  await text.fill(QUESTION);
  await text.press('Enter');
  await page.getByTestId('connect-model-link').waitFor();
  const steps: Step[] = [];
  const step = stepper(steps);
  const llm = page.getByTestId('stage-llm');
  const first = llm.getByTestId('provider-entry').first();
  await step('Connect a model → Settings open, the local server listed', 1, async () => {
    await page.getByTestId('connect-model-link').click();
    await page.getByTestId('detected-server').getByRole('button').first().waitFor();
  });
  await step('Use Ollama fake-model → first language model', 1, async () => {
    await page.getByRole('button', { name: 'Use Ollama fake-model' }).click();
    await first
      .getByTestId('provider-base-url')
      .and(page.locator(`[value="${fakeUrl}"]`))
      .waitFor();
  });
  await step('Test → "Works"', 1, async () => {
    await first.getByTestId('provider-test').click();
    await first.locator('[data-testid="provider-test-result"][data-ok="true"]').waitFor();
  });
  await step('Save providers → "Saved"', 1, async () => {
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();
  });
  await step('Close settings', 1, async () => {
    await page.getByRole('button', { name: 'Close settings' }).click();
    await page.getByTestId('settings-view').waitFor({ state: 'detached' });
  });
  await step('the question typed again, Enter → the new model’s answer shown', 2, async () => {
    await text.fill(QUESTION);
    await text.press('Enter');
    await page.getByTestId('assistant-utterance').getByText(ANSWER).waitFor();
  });
  return steps;
}

/** The question typed and sent; resolves with who answered: the new model or the offline one. */
async function ask(page: Page): Promise<'model' | 'offline'> {
  const before = await page.getByTestId('assistant-utterance').count();
  const text = page.getByTestId('text-input');
  await text.fill(QUESTION);
  await text.press('Enter');
  const reply = page.getByTestId('assistant-utterance').nth(before);
  await reply.getByText(OFFLINE).or(reply.getByText(ANSWER)).waitFor();
  return (await reply.textContent())?.includes(ANSWER) ? 'model' : 'offline';
}

/** The "Added" path; `answered` says whether the first question after saving reached the model. */
async function addedFlow(
  page: Page,
  relayUrl: string,
  fakeUrl: string,
): Promise<{ steps: Step[]; answered: boolean }> {
  const steps: Step[] = [];
  const step = stepper(steps);
  const llm = page.getByTestId('stage-llm');
  const added = llm.locator('[data-testid="provider-entry"]:not([data-kind="embedded"])');
  const close = async () => {
    await page.getByRole('button', { name: 'Close settings' }).click();
    await page.getByTestId('settings-view').waitFor({ state: 'detached' });
  };
  await step('open the page → ready to talk', 1, async () => {
    await page.goto(relayUrl);
    await page.getByTestId('settings-button').waitFor();
  });
  await step('Settings → the providers shown', 1, async () => {
    await page.getByTestId('settings-button').click();
    await llm.getByTestId('provider-add').waitFor();
  });
  await step('Add a language model provider', 1, async () => {
    await llm.getByTestId('provider-add').click();
    await added.waitFor();
  });
  await step('kind: OpenAI-compatible server', 1, async () => {
    await added.getByTestId('provider-kind').selectOption('openai-compatible');
    await added.getByTestId('provider-base-url').waitFor();
  });
  const model = added.getByTestId('provider-model');
  await step('the address typed, Tab → the models listed', 2, async () => {
    await added.getByTestId('provider-base-url').fill(fakeUrl);
    await added.getByTestId('provider-base-url').press('Tab');
    await model.locator('option', { hasText: 'fake-model' }).waitFor({ state: 'attached' });
  });
  // Where the app has not chosen the server's model itself, the user does.
  if ((await model.inputValue()) === '')
    await step('the model chosen', 1, async () => {
      await model.selectOption('fake-model');
    });
  await step('Test → "Works"', 1, async () => {
    await added.getByTestId('provider-test').click();
    await added.locator('[data-testid="provider-test-result"][data-ok="true"]').waitFor();
  });
  await step('Save providers → "Saved"', 1, async () => {
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();
  });
  await step('Close settings', 1, close);
  const by = await step('the question typed, Enter → an answer shown', 2, () => ask(page));
  if (by === 'model') return { steps, answered: true };
  // The offline responder answered: the model is behind it. What a user who finds ↑ does.
  await step('Settings again', 1, async () => {
    await page.getByTestId('settings-button').click();
    await added.waitFor();
  });
  await step('↑ on the new model', 1, async () => {
    await added.getByTestId('provider-move-up').click();
    await llm.getByTestId('provider-entry').first().and(added).waitFor();
  });
  await step('Save providers → "Saved"', 1, async () => {
    await page.getByTestId('settings-save').click();
    await page.getByTestId('settings-saved').waitFor();
  });
  await step('Close settings', 1, close);
  await step('the question again → the new model’s answer', 2, async () => {
    if ((await ask(page)) !== 'model')
      throw new Error('the offline responder answered even with the model first');
  });
  return { steps, answered: false };
}

interface AddedRun {
  steps: Step[];
  answered: boolean;
  /** The relay's start, to its /health answering (ms). */
  startMs: number;
}

async function run(path: 'detected' | 'added'): Promise<AddedRun> {
  const fake = await startFakeOpenAi();
  fake.reply = () => ANSWER;
  const t0 = performance.now();
  const relay = await startRelay(
    ROOT,
    join(ROOT, 'web/dist'),
    mkdtempSync(join(tmpdir(), 'parley-settings-')),
    { LOCAL_SERVER_PROBES: path === 'detected' ? `ollama=${fake.baseUrl}` : 'none' },
  );
  const startMs = performance.now() - t0;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
  try {
    const page = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
    page.setDefaultTimeout(60_000);
    if (path === 'added') return { ...(await addedFlow(page, relay.url, fake.baseUrl)), startMs };
    await page.goto(relay.url);
    return { steps: await detectedFlow(page, fake.baseUrl), answered: true, startMs };
  } finally {
    await browser.close();
    relay.stop();
    await fake.close();
  }
}

const total = (steps: readonly Step[]) => steps.reduce((a, s) => a + s.ms, 0);
const actions = (steps: readonly Step[]) => steps.reduce((a, s) => a + s.actions, 0);

/** A table of `runs`' steps, by place (the runs of a path and a build take the same steps). */
function table(runs: readonly AddedRun[], withStart: boolean): string {
  const names = runs[0]?.steps.map((s) => s.name) ?? [];
  const rows = names.map((name, i) => {
    const xs = runs.map((r) => r.steps[i]?.ms ?? 0);
    const n = runs[0]?.steps[i]?.actions ?? 0;
    return `| ${i + 1}. ${name} | ${n} | ${round(median(xs))} ms | ${round(worst(xs))} ms |`;
  });
  const start = runs.map((r) => r.startMs);
  const totals = runs.map((r) => total(r.steps) + (withStart ? r.startMs : 0));
  return `| step | actions | median | max |
| ---- | ------: | -----: | --: |
${withStart ? `| 0. the relay started (\`npm start\` → /health) | – | ${round(median(start))} ms | ${round(worst(start))} ms |\n` : ''}${rows.join('\n')}
| **total** | **${actions(runs[0]?.steps ?? [])}** | **${round(median(totals) / 1000, 2)} s** | **${round(worst(totals) / 1000, 2)} s** |`;
}

async function main(): Promise<void> {
  ensureBuild(ROOT);
  const detected: AddedRun[] = [];
  const added: AddedRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    detected.push(await run('detected'));
    added.push(await run('added'));
    const a = added.at(-1);
    console.log(
      `run ${i + 1}: detected ${round(total(detected.at(-1)?.steps ?? []) / 1000, 2)} s; added ${round(total(a?.steps ?? []) / 1000, 2)} s${a?.answered ? '' : ' (the offline responder answered first: ↑ needed)'}`,
    );
  }
  const answered = added.filter((r) => r.answered).length;
  const md = `# From the offline responder to a local model, in the app

\`pnpm bench:settings\` · ${cpus()[0]?.model ?? 'cpu'}, ${cpus().length} cores · load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} · ${RUNS} runs of each path, a fresh relay and Chromium each

The fake OpenAI-compatible server answers at once: these are the app's and the relay's seconds.
A person adds reading and pointing time. Actions: clicks, keys, and a typed address or question
counted as one each.

## Added: a fresh start to the first answer of a server the user types in

Nothing detected: Settings, "Add a language model provider", the address typed. The new model
answered the first question after saving in ${answered} of ${RUNS} runs${
    answered === RUNS
      ? '.'
      : `. In the others the offline responder answered: the model was behind it, and only ↑ — found by a user who knew to look — made it answer (the steps after the first question).`
  }

${table(added, true)}

## Detected: from the offline responder's "Connect a model" to the first answer

Six steps, seven actions (five clicks, the question typed and Enter), to the first answer of a
local server found on a probed port.

${table(detected, false)}
`;
  await writeResult(
    join(ROOT, 'bench/results/settings-flow.json'),
    JSON.stringify({ detected, added }),
  );
  await writeResult(join(ROOT, 'bench/results/settings-flow.md'), md);
  console.log(md);
}

await main();

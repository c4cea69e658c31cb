import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, test } from './mic-test.ts';
import { healthy } from '../relay/test/fakes/faults.ts';
import { startFakeOpenAi } from '../relay/test/fakes/openai-server.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';

test.use({ micFile: 'quiet' });

const KEY = 'sk-e2e-ops-controls-0123456789';
const ADMIN = 'e2e-ops-controls-admin-token-0123';

/** Signs in to the ops dashboard of the relay at `url` in a page of its own. */
async function opsPage(page: Page, url: string): Promise<Page> {
  const ops = await page.context().newPage();
  await ops.goto(`${url}/ops`);
  await ops.getByTestId('ops-token').fill(ADMIN);
  await ops.getByTestId('ops-sign-in').click();
  await expect(ops.getByTestId('ops-providers')).toBeVisible();
  return ops;
}

/** Sends a typed message in the call of `page`. */
async function type(page: Page, text: string): Promise<void> {
  await page.getByTestId('text-input').fill(text);
  await page.getByTestId('text-send').click();
}

/**
 * Issue 51: the operator's controls used as an operator does, each checked by what it changed —
 * an alert raised by a real stuck turn, Reset closing the breaker shown, the summary of a
 * session that ended, and the export of the rows shown.
 */
test("the ops dashboard's controls: a stuck turn's alert, Reset, the ended sessions and their export", async ({
  page,
}) => {
  // The language model is a fake OpenAI server that first never answers, then fails.
  const llm = await startFakeOpenAi({ apiKey: KEY });
  llm.reply = () => 'It is sunny.';
  llm.setFault('chat', { kind: 'hang' });
  const relay = new E2eRelay(specPort(29), {
    env: {
      ADMIN_TOKEN: ADMIN,
      LLM_PROVIDERS: 'openai',
      OPENAI_API_KEY: KEY,
      OPENAI_BASE_URL: llm.baseUrl,
      HEALTH_PROBE_INTERVAL_S: '0',
      LLM_FIRST_TOKEN_TIMEOUT_S: '60',
      STUCK_TURN_WARN_S: '1',
      STUCK_TURN_END_S: '0',
      BREAKER_FAILURES: '1',
      BREAKER_COOLDOWN_S: '3600',
    },
  });
  try {
    await relay.start();
    await page.goto(relay.url);
    await page.getByTestId('talk-button').click();
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
    const ops = await opsPage(page, relay.url);
    const alerts = ops.getByTestId('ops-alerts');
    await expect(alerts).toContainText('No alerts');

    // A turn the model never answers: past STUCK_TURN_WARN_S it is an alert, naming the stage.
    await type(page, 'what is the weather');
    await expect(alerts.locator('[data-alert^="turn-"]')).toContainText(
      /Turn \d+ of session \S+ has run \d+ s, waiting on the language model\./,
    );

    // The next question supersedes it and fails: the model's breaker opens, and the dashboard
    // shows it.
    llm.setFault('chat', { kind: 'status', status: 500 });
    await type(page, 'what is the weather now');
    await expect(page.getByTestId('assistant-utterance').last()).toHaveAttribute(
      'data-status',
      'failed',
    );
    const openai = ops.getByTestId('ops-providers').locator('tr', { hasText: '(openai)' });
    await expect(openai).toHaveAttribute('data-health', 'FAILED');
    await expect(alerts.locator('[data-alert^="turn-"]')).toHaveCount(0);

    // Reset: the relay closes that breaker (its answer, on the wire), and the row shows it.
    llm.setFault('chat', healthy);
    const answer = ops.waitForResponse(
      (r) =>
        /\/api\/admin\/providers\/[^/]+\/reset$/.test(r.url()) && r.request().method() === 'POST',
    );
    await openai.getByRole('button', { name: /^Reset / }).click();
    const reset = (await (await answer).json()) as {
      reset: string;
      providers: { id: string; stage: string; state: string }[];
    };
    expect(reset.reset).toBe('openai:gpt-4o-mini');
    expect(reset.providers.find((p) => p.id === reset.reset)?.state).toBe('closed');
    await expect(ops.getByTestId('ops-reset-outcome')).toContainText('breaker closed, HEALTHY');
    await expect(openai).toHaveAttribute('data-health', 'HEALTHY');
    // And the model is asked again: the next question is answered.
    await type(page, 'and tomorrow');
    await expect(page.getByTestId('assistant-utterance').last()).toHaveText('It is sunny.');

    // The call ends: its session is summarised among the sessions that ended last.
    const sessionId = await page.evaluate(() => window.__parley?.ready?.sessionId ?? null);
    expect(sessionId).not.toBeNull();
    await page.getByTestId('end-call-button').click();
    await ops.reload();
    const summary = ops
      .getByTestId('ops-session-summaries')
      .locator(`tr[data-session="${sessionId}"]`);
    await expect(summary).toBeVisible();
    await expect(summary.locator('td').nth(3)).toHaveText('3');
    const shown = await ops
      .getByTestId('ops-session-summaries')
      .locator('tr[data-session]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session')));

    // Export: the file downloaded holds the rows shown, as JSON Lines.
    const download = ops.waitForEvent('download');
    await ops.getByTestId('ops-export-metrics').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^parley-sessions-.*\.jsonl$/);
    const path = await file.path();
    const lines = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { sessionId: string; turnCount: number });
    expect(lines.map((l) => l.sessionId).sort()).toEqual([...shown].sort());
    expect(lines.find((l) => l.sessionId === sessionId)?.turnCount).toBe(3);
  } finally {
    await relay.kill();
    await llm.close();
  }
});

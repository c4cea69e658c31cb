import { expect, test } from './mic-test.ts';
import { firstTurnAnswered, secondSentenceBegun, secondTurnAnswered } from './lossless-checks.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';

test.use({ micFile: 'resume' });

test('the relay is killed mid-utterance and restarted: the browser resumes and nothing is lost', async ({
  page,
}) => {
  const relay = new E2eRelay(specPort(1));
  await relay.start();
  try {
    await firstTurnAnswered(page, relay.url);

    // The user starts the second sentence; the relay dies under them and comes back.
    await secondSentenceBegun(page);
    await relay.kill('SIGKILL');
    await expect(page.getByTestId('connection-status')).toHaveAttribute(
      'data-state',
      'reconnecting',
    );
    await relay.start();
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');

    await secondTurnAnswered(page);
    const resumes = await page.evaluate(() => window.__parley?.connection?.resumes ?? 0);
    const lost = await page.evaluate(() => window.__parley?.connection?.lostChunks ?? -1);
    expect(resumes).toBeGreaterThanOrEqual(1);
    expect(lost).toBe(0);
  } finally {
    await relay.kill();
  }
});

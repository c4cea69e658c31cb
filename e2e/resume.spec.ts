import { expect, test } from './mic-test.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';

test.use({ micFile: 'resume' });

test('the relay is killed mid-utterance and restarted: the browser resumes and nothing is lost', async ({
  page,
}) => {
  const relay = new E2eRelay(specPort(1));
  await relay.start();
  try {
    await page.goto(relay.url);
    await page.getByTestId('talk-button').click();
    const users = page.getByTestId('user-utterance');
    const replies = page.getByTestId('assistant-utterance');
    await expect(replies.nth(0)).toHaveText(/^It's \d{1,2}:\d{2} [AP]M\.$/);

    // The user starts the second sentence; the relay dies under them and comes back.
    await expect(page.getByTestId('talk-button')).toHaveAttribute('data-state', 'user-speaking', {
      timeout: 15_000,
    });
    await relay.kill('SIGKILL');
    await expect(page.getByTestId('connection-status')).toHaveAttribute(
      'data-state',
      'reconnecting',
    );
    await relay.start();
    await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');

    await expect(users.nth(1)).toHaveText('thank you very much');
    await expect(replies.nth(1)).toHaveText("You're welcome.");
    const resumes = await page.evaluate(() => window.__parley?.connection?.resumes ?? 0);
    const lost = await page.evaluate(() => window.__parley?.connection?.lostChunks ?? -1);
    expect(resumes).toBeGreaterThanOrEqual(1);
    expect(lost).toBe(0);
  } finally {
    await relay.kill();
  }
});

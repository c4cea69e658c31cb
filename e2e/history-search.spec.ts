import { expect, test, type Page } from './mic-test.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';

// Issue 45, item 8: the history could not be searched, and said "1 turns". A relay of its own:
// its history holds only this spec's conversations.

test.use({ serviceWorkers: 'block' });

/** A conversation of one typed turn (a new session: the page is loaded afresh). */
async function converse(page: Page, url: string, question: string, answer: RegExp) {
  await page.goto(url);
  await page.getByTestId('text-input').fill(question);
  await page.getByTestId('text-send').click();
  await expect(page.getByTestId('assistant-utterance').last()).toHaveText(answer);
}

test('the history finds conversations by their title and by what either side said, and counts one turn as “1 turn”', async ({
  page,
}) => {
  const relay = new E2eRelay(specPort(62));
  // What the page asked the relay for, as `q` of each GET /api/sessions.
  const searches: (string | null)[] = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname === '/api/sessions') searches.push(url.searchParams.get('q'));
  });
  try {
    await relay.start();
    await converse(page, relay.url, 'what is twelve times seven', /^12 times 7 is 84\.$/);
    await converse(page, relay.url, 'what time is it', /^It's /);
    await converse(page, relay.url, 'tell me about the weather', /.+/);

    await page.getByTestId('history-button').click();
    const items = page.getByTestId('history-item');
    await expect(items).toHaveCount(3);
    await expect(items.first()).toContainText('1 turn ·');
    await expect(page.getByTestId('history')).not.toContainText('1 turns');

    const search = page.getByTestId('history-search');
    // Words only the assistant said.
    await search.fill('84');
    await expect(items).toHaveText([/what is twelve times seven/]);
    expect(searches).toContain('84');
    // A title, whatever the case.
    await search.fill('WEATHER');
    await expect(items).toHaveText([/tell me about the weather/]);
    expect(searches).toContain('WEATHER');
    await search.fill('zebra');
    await expect(items).toHaveCount(0);
    await expect(page.getByTestId('history-empty')).toHaveText('No conversation mentions “zebra”.');
    // Cleared: every conversation again.
    await search.fill('');
    await expect(items).toHaveCount(3);
  } finally {
    await relay.kill();
  }
});

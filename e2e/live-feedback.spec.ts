import { expect, test } from './mic-test.ts';

test.use({ micFile: 'partials' });

declare global {
  interface Window {
    /** The state line's states, in order, as the page showed them. */
    __states?: string[];
    /** The assistant-level meter's readings while the state line said "speaking". */
    __levels?: string[];
    /** Every interim transcript the user's bubble showed. */
    __partials?: string[];
  }
}

test('the words appear while the user speaks, the state line follows the turn, the assistant’s level moves while it speaks', async ({
  page,
}) => {
  await page.goto('/');
  // Watch the page as a person would: every state the line shows, the meter while it speaks.
  await page.evaluate(() => {
    const line = document.querySelector('[data-testid="call-state"]');
    const states: string[] = [line?.getAttribute('data-state') ?? ''];
    window.__states = states;
    const partials: string[] = [];
    window.__partials = partials;
    new MutationObserver(() => {
      const now = document.querySelector('[data-testid="call-state"]')?.getAttribute('data-state');
      if (now && now !== states.at(-1)) states.push(now);
      const words = document.querySelector('[data-testid="partial-transcript"]')?.textContent;
      if (words && words !== partials.at(-1)) partials.push(words);
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
    const levels: string[] = [];
    window.__levels = levels;
    setInterval(() => {
      const state = document
        .querySelector('[data-testid="call-state"]')
        ?.getAttribute('data-state');
      const level = document.querySelector('[data-testid="assistant-level"]');
      if (state === 'speaking') levels.push(level?.getAttribute('data-level') ?? '');
    }, 30);
  });
  await page.getByTestId('talk-button').click();

  const user = page.getByTestId('user-utterance').nth(0);
  // Interim words, shown while the question is still being spoken: the partial goes once the
  // final words come, so seeing it at all means it came first.
  const partial = user.getByTestId('partial-transcript');
  await expect(partial).toHaveText(/\w/);
  await expect(user).toHaveAttribute('data-final', 'false');
  // PocketSphinx sometimes hears "the weather" as "whether".
  await expect(user).toHaveText(/tell me .*paris tomorrow$/);
  await expect(user).toHaveAttribute('data-final', 'true');
  await expect(partial).toHaveCount(0);
  // Word by word, not a phrase at a time: the first words shown were fewer than the final ones.
  const shown = await page.evaluate(() => window.__partials ?? []);
  const words = (text: string) => text.trim().split(/\s+/).length;
  expect(shown.length).toBeGreaterThanOrEqual(2);
  expect(words(shown[0] ?? '')).toBeLessThan(words((await user.textContent()) ?? ''));

  const reply = page.getByTestId('assistant-utterance').nth(0);
  await expect(reply).toHaveAttribute('data-status', 'completed');
  await expect(page.getByTestId('call-state')).toHaveAttribute('data-state', 'listening');
  // The line went through the turn in order (other states may come between, none is skipped).
  const states = await page.evaluate(() => window.__states ?? []);
  const turn = ['idle', 'listening', 'hearing', 'thinking', 'speaking', 'listening'];
  let at = 0;
  for (const s of states) if (s === turn[at]) at++;
  expect({ states, reached: turn.slice(0, at) }).toEqual({ states, reached: turn });
  await expect(page.getByTestId('call-state')).toHaveText('Listening');
  await expect(page.getByTestId('call-state')).toHaveAttribute('aria-live', 'polite');

  // The meter moved with the voice while it spoke (several readings, some lit) and is dark now.
  const levels = await page.evaluate(() => window.__levels ?? []);
  const lit = new Set(levels.filter((l) => Number(l) > 0));
  expect(lit.size).toBeGreaterThanOrEqual(3);
  await expect(page.getByTestId('assistant-level')).toHaveAttribute('data-level', '0.00');
});

import { readFileSync } from 'node:fs';
import { expect, test, type Page } from './mic-test.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';

// Issue 62, item 1: a browser set to Dutch got `<html lang="en">` and an English page. Now a
// newcomer whose browser asks for Dutch gets every view in Dutch — first run, the conversation,
// the notice before speaking, Settings, the history, the latency panel, the ops dashboard — and
// the relay keeps Dutch as their preference, so that the conversation is held in it too.

test.use({ locale: 'nl-NL', micFile: 'quiet', serviceWorkers: 'block' });

const ADMIN_TOKEN = 'dutch-page-admin-token-0123456789';

/** A catalogue of the page (web/src/i18n). */
const catalogue = (language: string): Record<string, string> =>
  JSON.parse(
    readFileSync(new URL(`../web/src/i18n/${language}.json`, import.meta.url), 'utf8'),
  ) as Record<string, string>;
const en = catalogue('en');
const nl = catalogue('nl');

let relay: E2eRelay;

test.beforeEach(async () => {
  relay = new E2eRelay(specPort(91), { env: { ADMIN_TOKEN } });
  await relay.start();
});

test.afterEach(async () => {
  await relay.kill();
});

/**
 * English words Dutch does not use: one of them in what the page says is an English sentence
 * left. (Words both languages write alike — "is", "in", "over", "was", "model", "test" — are not
 * here.)
 */
const ENGLISH_ONLY = [
  'the and you your with this that what which when where who why how press type here there',
  'are can will would could from for to not it its be been has have by on at if then than',
  'into only also again all any some more now new yet no yes save saved settings talk send',
  'connect listening speaking loading failed turn turns session sessions voice history',
  'reminders close remove choose language speech reply answer answers ready checking',
  'conversation conversations past search latency cost network',
].flatMap((line) => line.split(' '));

/**
 * What the page shows that is not its own words but data: what the user and the assistant said,
 * names of people's things, log lines, the relay's provider ids, and what is marked
 * `translate="no"` (names). The voice list is the relay's voices as their provider names them.
 */
const CONTENT = [
  '[translate="no"]',
  '[data-testid="user-utterance"]',
  '[data-testid="assistant-utterance"]',
  '[data-testid="partial-transcript"]',
  '[data-testid="history-reply"]',
  '.bubble-user .bubble-body',
  '.history-title',
  '.debug-said',
  '.debug-providers',
  '[data-testid="log-tail-lines"]',
  '[data-testid="pref-voice"] option',
  '[data-testid="debug-turn-select"] option',
  'code',
].join(', ');

/** English messages a Dutch page could show word for word: those Dutch says otherwise. */
const ENGLISH_MESSAGES = Object.entries(en)
  .filter(([key, message]) => nl[key] !== message && !message.includes('{'))
  .map(([, message]) => message);

/**
 * Every line of the page's own words that is English: visible text, and what assistive
 * technology reads (labels, titles, placeholders, options). Empty when the page is Dutch.
 */
async function englishLeft(page: Page): Promise<string[]> {
  return page.evaluate(
    ({ content, words, messages }) => {
      const english = new Set(words);
      const known = new Set(messages);
      const found = new Set<string>();
      const check = (text: string, where: string) => {
        const line = text.replace(/\s+/g, ' ').trim();
        if (line === '') return;
        const tokens = line.toLowerCase().match(/\p{L}+(?:['’]\p{L}+)?/gu) ?? [];
        const word = tokens.find((t) => english.has(t));
        if (word !== undefined || known.has(line)) found.add(`${where}: “${line}”`);
      };
      const shown = (el: Element) =>
        el.closest(content) === null && (el.tagName === 'OPTION' || el.checkVisibility());
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || ['SCRIPT', 'STYLE', 'TITLE'].includes(parent.tagName)) continue;
        if (shown(parent)) check(node.textContent ?? '', parent.tagName.toLowerCase());
      }
      for (const el of Array.from(document.body.querySelectorAll('*'))) {
        if (el.closest(content) !== null) continue;
        for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'aria-valuetext']) {
          const value = el.getAttribute(name);
          if (value) check(value, `${el.tagName.toLowerCase()}[${name}]`);
        }
      }
      check(document.title, 'title');
      return [...found];
    },
    { content: CONTENT, words: ENGLISH_ONLY, messages: ENGLISH_MESSAGES },
  );
}

/** The page as it is now, in Dutch and nothing else (a view's name for the message). */
async function expectDutch(page: Page, view: string): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('lang', /^nl/);
  expect(await englishLeft(page), `English left in ${view}`).toEqual([]);
}

test('a Dutch browser gets every view in Dutch, and Dutch as the preference the relay keeps', async ({
  page,
}) => {
  await page.goto(relay.url);

  // First run: the browser's language, kept by the relay as the user's (the conversation's).
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await expect
    .poll(async () => {
      const r = await page.request.get(`${relay.url}/api/preferences`);
      const body = (await r.json()) as { preferences: { language: string }; saved: boolean };
      return `${body.preferences.language} ${String(body.saved)}`;
    })
    .toBe('nl true');
  await expect(page).toHaveTitle('Parley — spraakchat');
  const intro = page.getByTestId('assistant-intro');
  await expect(intro).toContainText('offline beantwoorder');
  await expect(page.getByTestId('connection-status')).toHaveText('Klaar');
  await expect(page.getByTestId('talk-button')).toHaveText('Praten');
  await expectDutch(page, 'the first screen');

  // Talk: no recogniser of the relay hears Dutch (the embedded ones hear English). The page says
  // so before the user speaks, in Dutch, with the recognisers one click away — no call starts.
  await page.getByTestId('talk-button').click();
  const notice = page.getByTestId('speech-language-notice');
  await expect(notice).toContainText('Voor gesproken Nederlands is een spraakherkenner nodig');
  await expect(notice).toContainText('Typen werkt intussen gewoon.');
  await expect(notice.getByTestId('speech-choice')).toHaveText(['Deepgram', 'OpenAI', 'Groq']);
  await expect(page.getByTestId('talk-button')).toHaveAttribute('data-state', 'idle');
  await expectDutch(page, 'the notice before speaking');

  // Typing works meanwhile: the conversation view.
  await notice.getByTestId('speech-type-instead').click();
  await expect(notice).toBeHidden();
  await expect(page.getByTestId('text-input')).toBeFocused();
  await page.getByTestId('text-input').fill('hoe laat is het');
  await page.getByTestId('text-send').click();
  await expect(page.getByTestId('assistant-utterance').first()).toHaveAttribute(
    'data-final',
    'true',
  );
  await expect(page.getByTestId('new-conversation')).toHaveText('Nieuw gesprek');
  await expectDutch(page, 'the conversation');

  // The latency panel, with the turn just typed.
  await page.getByTestId('debug-button').click();
  await expect(page.getByTestId('debug-panel')).toContainText('Vertraging');
  await expect(page.getByTestId('debug-turns')).toContainText('Beurt');
  await expectDutch(page, 'the latency panel');
  await page.getByTestId('debug-button').click();

  // Settings: the preferences (Dutch chosen), the providers, the tools, the rest.
  await page.getByTestId('settings-button').click();
  await expect(page.getByTestId('pref-language')).toHaveValue('nl');
  await expect(page.getByTestId('stage-asr')).toBeVisible();
  await expect(page.getByTestId('mcp-servers')).toBeVisible();
  await expectDutch(page, 'Settings');

  // The notice's choice opens Settings with that recogniser first in its chain (not saved).
  await page.getByTestId('settings-button').click();
  await page.getByTestId('talk-button').click();
  await page.getByTestId('speech-choice').filter({ hasText: 'Deepgram' }).click();
  const asr = page.getByTestId('stage-asr');
  await expect(asr.getByTestId('provider-kind').first()).toHaveValue('deepgram');
  await expect(asr.getByTestId('provider-kind').last()).toHaveValue('embedded');
  await expectDutch(page, 'Settings, a recogniser chosen');

  // The history: the list, then the conversation.
  await page.getByTestId('history-button').click();
  await expect(page.getByTestId('history-item')).toHaveCount(1);
  await expectDutch(page, 'the history');
  await page.getByTestId('history-item').first().getByRole('button').click();
  await expect(page.getByTestId('history-detail')).toBeVisible();
  await expect(page.getByTestId('continue-conversation')).toHaveText('Verdergaan');
  await expectDutch(page, 'a past conversation');

  // The reminders.
  await page.getByTestId('reminders-button').click();
  await expect(page.getByTestId('reminder-list-empty')).toContainText('Geen herinneringen');
  await expectDutch(page, 'the reminders');

  // The ops dashboard: signed out, then in.
  await page.goto(`${relay.url}/ops`);
  await expect(page.getByTestId('ops-sign-in')).toHaveText('Openen');
  await expectDutch(page, 'the ops sign-in');
  await page.getByTestId('ops-token').fill(ADMIN_TOKEN);
  await page.getByTestId('ops-sign-in').click();
  await expect(page.getByTestId('ops-latency')).toContainText('Eerste token van het model');
  await expect(page.getByTestId('ops-provider-settings').getByTestId('stage-llm')).toBeVisible();
  await expect(page.getByTestId('ops-log-tail').getByRole('status')).toHaveText(/^Live/);
  await expectDutch(page, 'the ops dashboard');
});

test('an English browser gets the English page, and no language is saved for it', async ({
  browser,
}) => {
  const context = await browser.newContext({ locale: 'en-US', serviceWorkers: 'block' });
  const page = await context.newPage();
  const puts: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'PUT' && new URL(r.url()).pathname === '/api/preferences')
      puts.push(r.url());
  });
  await page.goto(relay.url);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
  await expect(page.getByTestId('talk-button')).toHaveText('Talk');
  await expect(page.getByTestId('assistant-intro')).toContainText('offline responder');
  const body = (await (await page.request.get(`${relay.url}/api/preferences`)).json()) as {
    saved: boolean;
  };
  expect(body.saved).toBe(false);
  expect(puts).toEqual([]);
  await context.close();
});

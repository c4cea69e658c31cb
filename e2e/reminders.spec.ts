import { expect, test, type Page } from './mic-test.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';
import { recordTurnsDone } from './reply-wire.ts';

// Issue 48, the built-in tools in Chromium: the offline responder sets a reminder and keeps a
// note on the user's yes; the app lists them (cancel, forget), and a due reminder rings — a
// chime made in the page, then its words in the user's voice — and the page tells the relay it
// rang it. A relay of its own: no other spec sees these reminders ring.

test.use({ serviceWorkers: 'block' });

async function say(page: Page, text: string, answer: RegExp | string): Promise<void> {
  const replies = page.getByTestId('assistant-utterance');
  const before = await replies.count();
  await page.getByTestId('text-input').fill(text);
  await page.getByTestId('text-send').click();
  await expect(replies.nth(before)).toHaveText(answer);
}

/** The client messages of `type` the page sent, as seen on the wire. */
function sentOnWire(page: Page, type: string): Record<string, unknown>[] {
  const sent: Record<string, unknown>[] = [];
  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) => {
      if (typeof payload !== 'string') return;
      const m = JSON.parse(payload) as Record<string, unknown>;
      if (m.type === type) sent.push(m);
    });
  });
  return sent;
}

test.describe('reminders and notes', () => {
  let relay: E2eRelay;
  test.beforeEach(async () => {
    relay = new E2eRelay(specPort(67));
    await relay.start();
  });
  test.afterEach(async () => {
    await relay.kill();
  });

  test('a reminder typed to the offline responder is listed with when it rings, and cancelled', async ({
    page,
  }) => {
    await page.goto(relay.url);
    await say(
      page,
      'remind me in 1 minute to stretch',
      'Shall I remind you in 1 minute to stretch?',
    );
    await say(page, 'yes', /^OK, I'll remind you at \d{1,2}:\d\d [AP]M to stretch\.$/);

    await page.getByTestId('reminders-button').click();
    const items = page.getByTestId('reminder-list-item');
    await expect(items).toHaveCount(1);
    await expect(items.first()).toContainText('stretch');
    await expect(items.first()).toContainText(/in 1 min · \d{1,2}:\d\d [AP]M/);

    const cancelled = page.waitForRequest(
      (r) => r.method() === 'DELETE' && /\/api\/reminders\/[\w-]+$/.test(r.url()),
    );
    await items.first().getByRole('button', { name: 'Cancel: stretch' }).click();
    await cancelled;
    await expect(page.getByTestId('reminder-list-empty')).toBeVisible();
    // Gone on the relay too: a new look finds none.
    const left = (await (await page.request.get(`${relay.url}/api/reminders`)).json()) as {
      reminders: unknown[];
    };
    expect(left.reminders).toEqual([]);
  });

  test('a due reminder rings: the chime, its words in the user’s voice, and the page says it rang it', async ({
    page,
  }) => {
    // Counts the notes the page's chime plays (oscillators started on an AudioContext).
    await page.addInitScript(() => {
      const w = window as unknown as { chimeNotes: number };
      w.chimeNotes = 0;
      // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its node below
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (when?: number) {
        w.chimeNotes++;
        start.call(this, when);
      };
    });
    const rang = sentOnWire(page, 'reminder.rang');
    const wire = recordTurnsDone(page);
    await page.goto(relay.url);
    await page.getByTestId('speak-replies').check();
    await say(page, 'remind me in 3 seconds to drink water', /^Shall I remind you in 3 seconds/);
    // The question said whole before the answer (a yes typed over it counts too: unit tests).
    await expect.poll(() => wire.done.size).toBe(1);
    const spoken = page.waitForRequest((r) => /\/api\/reminders\/[\w-]+\/speech$/.test(r.url()));
    await say(page, 'yes', /^OK, I'll remind you at .* to drink water\.$/);

    await expect(page.getByTestId('reminder-notice')).toContainText('Reminder: drink water');
    const speech = await (await spoken).response();
    expect(speech?.status()).toBe(200);
    expect(await speech?.headerValue('content-type')).toBe('audio/wav');
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { chimeNotes: number }).chimeNotes))
      .toBe(4);
    await expect.poll(() => rang).toHaveLength(1);
    // Rung: nothing left pending.
    const left = (await (await page.request.get(`${relay.url}/api/reminders`)).json()) as {
      reminders: unknown[];
    };
    expect(left.reminders).toEqual([]);
    await page.getByTestId('reminder-notice').getByRole('button', { name: 'Dismiss' }).click();
    await expect(page.getByTestId('reminder-notice')).toHaveCount(0);
  });

  test('what the assistant remembers is listed in Settings, and forgotten there', async ({
    page,
  }) => {
    await page.goto(relay.url);
    await say(
      page,
      "remember that my sister's name is Anna",
      "Shall I remember that your sister's name is Anna?",
    );
    await say(page, 'yes', "OK, I'll remember that your sister's name is Anna.");
    await page.getByTestId('settings-button').click();
    const notes = page.getByTestId('note-list-item');
    await expect(notes).toHaveCount(1);
    await expect(notes.first()).toContainText("My sister's name is Anna");
    await notes
      .first()
      .getByRole('button', { name: /^Forget/ })
      .click();
    await expect(page.getByTestId('note-list-empty')).toBeVisible();
    await page.getByRole('button', { name: 'Close settings' }).click();
    await say(page, 'what do you remember', "You haven't asked me to remember anything yet.");
  });
});

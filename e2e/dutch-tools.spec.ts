import { expect, test, type Page } from './mic-test.ts';
import { specPort } from './ports.ts';
import { withToolModel } from './tool-model.ts';
import { recordToolWire } from './tool-wire.ts';

// Issue 62 item 2 and 3, in Chromium on a Dutch page: the relay's question before a tool acts
// and the tool row's line were English ("Shall I remind you in 1 minute to rekken?", "Reminder
// set for 2:17 PM: rekken"), and a reply that left Dutch went unnoticed. Checked on the wire and
// on the page.

test.use({ locale: 'nl-NL', micFile: 'quiet', serviceWorkers: 'block' });

/** The `languageDrift` of each `turn.done` the page received, by turn. */
function recordDrift(page: Page): Map<number, unknown> {
  const drift = new Map<number, unknown>();
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string') return;
      const m = JSON.parse(payload) as { type: string; turnId?: number; languageDrift?: unknown };
      if (m.type === 'turn.done' && m.turnId !== undefined)
        drift.set(m.turnId, m.languageDrift ?? null);
    });
  });
  return drift;
}

test('a Dutch conversation is asked and told about a tool in Dutch; a reply in English is noted in the latency panel', async ({
  page,
}) => {
  await withToolModel(specPort(95), async (relay, llm) => {
    llm.script = [
      { toolCalls: [{ name: 'set_reminder', arguments: '{"text":"rekken","delaySeconds":60}' }] },
      { text: 'Sure, I have set a reminder for one minute from now.' },
    ];
    const wire = recordToolWire(page);
    const drift = recordDrift(page);
    await page.goto(relay.url);
    // The browser's Dutch is kept by the relay as the conversation's language.
    await expect
      .poll(async () => {
        const r = await page.request.get(`${relay.url}/api/preferences`);
        return ((await r.json()) as { preferences: { language: string } }).preferences.language;
      })
      .toBe('nl');
    await page.getByTestId('text-input').fill('herinner me over een minuut aan rekken');
    await page.getByTestId('text-send').click();

    const question = 'Zal ik je over 1 minuut herinneren aan rekken?';
    await expect(page.getByTestId('assistant-utterance').first()).toHaveText(question);
    await expect
      .poll(() => wire.received.filter((m) => m.type === 'tool.confirm'))
      .toEqual([expect.objectContaining({ question })]);
    await page.getByRole('button', { name: 'Bevestigen' }).click();
    await expect
      .poll(() => wire.received.filter((m) => m.type === 'tool.result' && m.turnId === 2))
      .toEqual([
        expect.objectContaining({
          name: 'set_reminder',
          status: 'done',
          summary: expect.stringMatching(/^Herinnering gezet voor \d{1,2}:\d\d: rekken$/),
        }),
      ]);
    await expect(page.getByTestId('tool-call').nth(1)).toHaveText(
      /^Herinnering gezet voor \d{1,2}:\d\d: rekken$/,
    );

    // The model answered in English: noted on the wire, shown in the panel in Dutch.
    await expect.poll(() => drift.get(2)).toEqual({ expected: 'nl', detected: 'en' });
    expect(drift.get(1)).toBeNull();
    await page.getByTestId('debug-button').click();
    await expect(page.getByTestId('debug-language-drift')).toHaveText(
      'antwoord in het Engels, niet in het Nederlands: het model verliet de taal van het gesprek',
    );
    await expect(page.getByTestId('debug-language-drift-mark')).toHaveCount(1);
  });
});

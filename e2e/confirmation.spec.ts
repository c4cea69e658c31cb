import { mcpServersResponse } from '../shared/src/protocol/mcp-servers.ts';
import { startFakeBankMcp } from '../relay/test/fakes/bank-mcp-server.ts';
import { checkAccessibility } from './axe-check.ts';
import { expect, test, type Page } from './mic-test.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';
import { withToolModel } from './tool-model.ts';
import { notesOf, recordToolWire } from './tool-wire.ts';

// Issue 60 (items 3, 5, 16) and issue 65 (item 3), in Chromium: what a question awaiting the
// user's yes says and shows, how it is answered (a tap, a key, a finger, the voice) — each
// checked on the wire and at the relay — and the tool rows in people's words.

test.use({ serviceWorkers: 'block', micFile: 'quiet' });

async function type(page: Page, text: string): Promise<void> {
  await page.getByTestId('text-input').fill(text);
  await page.getByTestId('text-send').click();
}

/** The operator adds an MCP server at `url` and enables its `tool`: its name for the model. */
async function addHttpTool(relay: E2eRelay, url: string, tool: string): Promise<string> {
  const send = async (path: string, method: string, body: unknown) => {
    const r = await fetch(`${relay.url}${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (r.status !== 200) throw new Error(`${method} ${path}: ${String(r.status)}`);
    return mcpServersResponse.parse(await r.json());
  };
  const added = await send('/api/admin/mcp/servers', 'POST', {
    transport: 'http',
    name: 'bank',
    url,
  });
  const id = added.servers[0]?.id ?? '';
  const enabled = await send(`/api/admin/mcp/servers/${id}/tools`, 'PUT', {
    name: tool,
    enabled: true,
  });
  const modelName = enabled.servers[0]?.tools?.find((t) => t.name === tool)?.modelName;
  if (!modelName) throw new Error(`${tool} was not enabled`);
  return modelName;
}

const RECIPIENT = 'NL91 ABNA 0417 1643 00, Mallory Evil-Twin Holdings Ltd, Reykjavik branch';

test('a transfer is asked about with every argument said and shown whole; Confirm runs it at the server', async ({
  page,
}) => {
  const bank = await startFakeBankMcp();
  try {
    await withToolModel(specPort(80), async (relay, llm) => {
      const transfer = await addHttpTool(relay, bank.url, 'transfer');
      const args = { memo: 'rent for March', amount: 1200, currency: 'EUR', to: RECIPIENT };
      llm.script = [
        { toolCalls: [{ name: transfer, arguments: JSON.stringify(args) }] },
        { text: 'Done.' },
      ];
      const wire = recordToolWire(page);
      await page.goto(relay.url);
      await type(page, 'pay the rent');

      // Said: every key, the long recipient by its start and its end (issue 60 item 5).
      const reply = page.getByTestId('assistant-utterance').first();
      await expect(reply).toHaveText(
        /^Shall I use bank transfer with memo 'rent for March', amount 1200, currency 'EUR' and to 'NL91 ABNA 0417 1643 00, M.* … .*Reykjavik branch'\?$/,
      );
      // Shown: in people's words above, and every argument whole behind Details.
      await expect(page.getByTestId('tool-call').first()).toHaveText(
        'Waiting for your yes to use bank transfer',
      );
      const details = page.getByTestId('tool-confirm-details');
      await details.getByText('Details').click();
      const shown = details.getByTestId('tool-argument');
      await expect(shown).toHaveText([
        'memorent for March',
        'amount1200',
        'currencyEUR',
        `to${RECIPIENT}`,
      ]);
      await checkAccessibility(page, 'a question awaiting a yes, its details open');

      await page.getByRole('button', { name: 'Confirm' }).click();
      await expect
        .poll(() => wire.sent.filter((m) => m.type === 'tool.answer'))
        .toEqual([expect.objectContaining({ confirmed: true, turnId: 2 })]);
      await expect.poll(() => bank.transfers).toEqual([args]);
      await expect(page.getByTestId('tool-call').nth(1)).toHaveText(
        `bank transfer: Sent 1200 EUR to ${RECIPIENT}.`,
      );
    });
  } finally {
    await bank.close();
  }
});

test('tool rows say what happened in people’s words; the technical line is the latency panel’s', async ({
  page,
}) => {
  await withToolModel(specPort(81), async (relay, llm) => {
    llm.script = [
      { toolCalls: [{ name: 'set_reminder', arguments: '{"text":"stretch","delaySeconds":60}' }] },
      { text: 'It is set.' },
    ];
    const wire = recordToolWire(page);
    await page.goto(relay.url);
    await type(page, 'remind me to stretch in a minute');
    await expect(page.getByTestId('assistant-utterance').first()).toHaveText(
      'Shall I remind you in 1 minute to stretch?',
    );
    const rows = page.getByTestId('tool-call');
    await expect(rows.first()).toHaveText('Waiting for your yes to set the reminder');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect
      .poll(() => wire.received.filter((m) => m.type === 'tool.result' && m.turnId === 2))
      .toEqual([expect.objectContaining({ name: 'set_reminder', status: 'done' })]);
    await expect(rows.nth(1)).toHaveText(/^Reminder set for \d{1,2}:\d\d [AP]M: stretch$/);
    const stored = (await (await page.request.get(`${relay.url}/api/reminders`)).json()) as {
      reminders: { text: string }[];
    };
    expect(stored.reminders.map((r) => r.text)).toEqual(['stretch']);
    // The technical line: in the latency panel, not the transcript.
    await page.getByTestId('debug-button').click();
    await expect(page.getByTestId('debug-tool-detail')).toHaveText(
      /set_reminder \(text: "stretch", delaySeconds: 60\): done — Reminder set for .*: stretch · \d+ ms$/,
    );
  });
});

for (const scheme of ['light', 'dark'] as const) {
  test(`Confirm and Decline look like the app’s buttons (${scheme}) and answer from the keyboard`, async ({
    page,
  }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await withToolModel(specPort(scheme === 'light' ? 82 : 83), async (relay, llm) => {
      llm.script = [
        { toolCalls: [{ name: 'save_note', arguments: '{"text":"My PIN is 1234"}' }] },
        { text: 'All right.' },
      ];
      const wire = recordToolWire(page);
      await page.goto(relay.url);
      await type(page, 'remember my PIN is 1234');
      const confirm = page.getByRole('button', { name: 'Confirm' });
      const decline = page.getByRole('button', { name: 'Decline' });
      await expect(confirm).toBeVisible();
      const look = (button: typeof confirm) =>
        button.evaluate((b) => {
          const s = getComputedStyle(b);
          return { bg: s.backgroundColor, fg: s.color, radius: s.borderRadius };
        });
      // The app's primary button, and its plain one on the theme's surface.
      expect(await look(confirm)).toEqual({
        bg: 'rgb(47, 91, 211)',
        fg: 'rgb(255, 255, 255)',
        radius: '8px',
      });
      expect(await look(decline)).toEqual({
        bg: scheme === 'light' ? 'rgb(255, 255, 255)' : 'rgb(30, 41, 59)',
        fg: scheme === 'light' ? 'rgb(15, 23, 42)' : 'rgb(226, 232, 240)',
        radius: '8px',
      });
      await checkAccessibility(page, `Confirm and Decline, ${scheme}`);
      // From the keyboard: Tab from Confirm to Decline, Enter.
      await confirm.focus();
      await page.keyboard.press('Tab');
      await expect(decline).toBeFocused();
      await page.keyboard.press('Enter');
      await expect
        .poll(() => wire.sent.filter((m) => m.type === 'tool.answer'))
        .toEqual([expect.objectContaining({ confirmed: false })]);
      await expect
        .poll(() => wire.received.filter((m) => m.type === 'tool.result' && m.turnId === 2))
        .toEqual([expect.objectContaining({ name: 'save_note', status: 'declined' })]);
      await expect(page.getByTestId('tool-call').nth(1)).toHaveText(
        "Didn't save the note: you said no",
      );
      expect(await notesOf(page)).toEqual([]);
    });
  });
}

test('a question expires: its buttons go and the page says nothing was done; a yes after runs nothing', async ({
  page,
}) => {
  await withToolModel(
    specPort(84),
    async (relay, llm) => {
      llm.script = [
        { toolCalls: [{ name: 'save_note', arguments: '{"text":"Expired note"}' }] },
        { text: 'You said yes.' },
      ];
      const wire = recordToolWire(page);
      await page.goto(relay.url);
      await type(page, 'remember this');
      await expect(page.getByRole('button', { name: 'Confirm' })).toBeVisible();
      await expect(page.getByTestId('tool-confirm-closed')).toHaveText(
        'No answer came in time, so nothing was done.',
      );
      await expect(page.getByRole('button', { name: 'Confirm' })).toHaveCount(0);
      expect(wire.received.filter((m) => m.type === 'tool.closed')).toEqual([
        expect.objectContaining({ outcome: 'expired' }),
      ]);
      await type(page, 'yes');
      await expect(page.getByTestId('assistant-utterance').nth(1)).toHaveText('You said yes.');
      expect(wire.received.filter((m) => m.type === 'tool.result' && m.turnId === 2)).toEqual([]);
      expect(await notesOf(page)).toEqual([]);
    },
    { env: { TOOL_CONFIRM_TIMEOUT_S: '2' } },
  );
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });

  test('the offline responder’s “Shall I remember…?” offers Confirm and Decline; a tap keeps the note', async ({
    page,
  }) => {
    const relay = new E2eRelay(specPort(85));
    try {
      await relay.start();
      const wire = recordToolWire(page);
      await page.goto(relay.url);
      await type(page, "remember that my sister's name is Anna");
      await expect(page.getByTestId('assistant-utterance').first()).toHaveText(
        "Shall I remember that your sister's name is Anna?",
      );
      // Its question is the relay's, on the wire as a model's is.
      await expect
        .poll(() => wire.received.filter((m) => m.type === 'tool.confirm'))
        .toEqual([expect.objectContaining({ turnId: 1 })]);
      const confirm = page.getByRole('button', { name: 'Confirm' });
      const decline = page.getByRole('button', { name: 'Decline' });
      for (const button of [confirm, decline]) {
        const box = await button.boundingBox();
        expect(box?.height).toBeGreaterThanOrEqual(44);
        expect(box?.width).toBeGreaterThanOrEqual(44);
      }
      expect(await notesOf(page)).toEqual([]);
      await confirm.tap();
      await expect
        .poll(() => wire.sent.filter((m) => m.type === 'tool.answer'))
        .toEqual([expect.objectContaining({ confirmed: true, turnId: 2 })]);
      await expect(page.getByTestId('assistant-utterance').nth(1)).toHaveText(
        "OK, I'll remember that your sister's name is Anna.",
      );
      // Turn 1 looked in the notes first (a fact kept already is not asked about again).
      await expect(page.getByTestId('tool-call').last()).toHaveText(
        "Note saved: My sister's name is Anna",
      );
      expect(await notesOf(page)).toEqual(["My sister's name is Anna"]);
    } finally {
      await relay.kill();
    }
  });
});

test.describe('said aloud', () => {
  test.use({ micFile: 'remember-yes-no-wait' });

  // Issue 60 item 16: the "yes" ended the turn 250 ms on, and the note was kept before "no wait".
  test('“yes — no, wait” with a breath between is one answer: a no, and nothing is kept', async ({
    page,
  }) => {
    const relay = new E2eRelay(specPort(86));
    try {
      await relay.start();
      const wire = recordToolWire(page);
      await page.goto(relay.url);
      await page.getByTestId('talk-button').click();
      const users = page.getByTestId('user-utterance');
      // The name as the recogniser wrote it ("anna" or "anne"): the answer to it is the point.
      await expect(page.getByTestId('assistant-utterance').first()).toHaveText(
        /^Shall I remember that your sister.?s name is [\w ]+\?$/,
        { timeout: 30_000 },
      );
      await expect(users.nth(1)).toHaveAttribute('data-final', 'true', { timeout: 30_000 });
      // One turn, the yes and the no together (PocketSphinx hears "wait" as "wait" or "way").
      await expect(users.nth(1)).toHaveText(/^yes no wa\w+$/);
      await expect
        .poll(() => wire.received.filter((m) => m.type === 'tool.result' && m.turnId === 2))
        .toEqual([expect.objectContaining({ name: 'save_note', status: 'declined' })]);
      expect(await notesOf(page)).toEqual([]);
      await page.getByTestId('end-call-button').click();
    } finally {
      await relay.kill();
    }
  });
});

import { expect, test, type Page } from './mic-test.ts';
import { checkAccessibility } from './axe-check.ts';
import { specPort } from './ports.ts';
import { playback } from './fake-mic.ts';
import { recordTurnsDone } from './reply-wire.ts';
import { addEverything, EVERYTHING, withToolModel } from './tool-model.ts';
import { notesOf, recordToolWire } from './tool-wire.ts';

// Issue 48, part 4 (the page): the transcript shows each tool call of a reply, and a call that
// changes something waits for the user's tap on Confirm (it runs) or Decline (it does not).

test.use({ micFile: 'quiet', serviceWorkers: 'block' });

async function type(page: Page, text: string): Promise<void> {
  await page.getByTestId('text-input').fill(text);
  await page.getByTestId('text-send').click();
}

const NOTE = "The user's sister is called Anna.";

for (const tap of ['Confirm', 'Decline'] as const) {
  test(`a tool call that changes something runs on Confirm and only then: ${tap}`, async ({
    page,
  }) => {
    await withToolModel(specPort(48), async (relay, llm) => {
      const wire = recordToolWire(page);
      llm.script = [
        { toolCalls: [{ name: 'save_note', arguments: JSON.stringify({ text: NOTE }) }] },
        { text: tap === 'Confirm' ? 'Done, I will remember.' : 'All right, I will not.' },
      ];
      await page.goto(relay.url);
      await type(page, 'remember that my sister is called Anna');

      // Asked, not run: the question is the reply, the call is shown waiting, two buttons.
      const reply = page.getByTestId('assistant-utterance').first();
      await expect(reply).toHaveText(/^Shall I/);
      const call = page.getByTestId('tool-call').first();
      await expect(call).toHaveAttribute('data-name', 'save_note');
      await expect(call).toHaveAttribute('data-status', 'asked');
      // In people's words; the arguments whole behind Details (issue 65).
      await expect(call).toHaveText('Waiting for your yes to save the note');
      await page.getByTestId('tool-confirm-details').getByText('Details').click();
      await expect(page.getByTestId('tool-argument')).toHaveText([`text${NOTE}`]);
      const confirm = page.getByRole('button', { name: 'Confirm' });
      await expect(confirm).toBeVisible();
      await expect(page.getByRole('button', { name: 'Decline' })).toBeVisible();
      expect(await notesOf(page)).toEqual([]);
      await checkAccessibility(page, 'a tool call awaiting confirmation');

      await page.getByRole('button', { name: tap }).click();
      // On the wire: the tap as a turn of its own; at the relay: the call run, or not.
      const confirmId = wire.received.find((m) => m.type === 'tool.confirm')?.confirmId;
      await expect
        .poll(() => wire.sent.filter((m) => m.type === 'tool.answer'))
        .toEqual([expect.objectContaining({ confirmId, confirmed: tap === 'Confirm', turnId: 2 })]);
      const results = () => wire.received.filter((m) => m.type === 'tool.result' && m.turnId === 2);
      await expect.poll(results).toEqual([
        expect.objectContaining({
          name: 'save_note',
          status: tap === 'Confirm' ? 'done' : 'declined',
        }),
      ]);
      await expect(page.getByTestId('assistant-utterance').nth(1)).toHaveText(
        tap === 'Confirm' ? 'Done, I will remember.' : 'All right, I will not.',
      );
      await expect(page.getByTestId('user-utterance').nth(1)).toHaveText(
        tap === 'Confirm' ? 'Yes.' : 'No.',
      );
      expect(await notesOf(page)).toEqual(tap === 'Confirm' ? [NOTE] : []);
      // Answered: the buttons go; the second reply shows how its call ended, and how long.
      await expect(confirm).toHaveCount(0);
      const ended = page.getByTestId('tool-call').nth(1);
      await expect(ended).toHaveAttribute('data-status', tap === 'Confirm' ? 'done' : 'declined');
      if (tap === 'Decline') return;
      await expect(ended).toHaveText(`Note saved: ${NOTE}`);
      // The technical line, with how long it took, is the row's tooltip.
      await expect(ended).toHaveAttribute('title', /^save_note \(text: .*\): done — .* · \d+ ms$/);

      // The latency panel: the tool's span is a row of the turn's waterfall.
      await page.getByTestId('debug-button').click();
      await expect(page.getByTestId('debug-stages').locator('[data-stage="tool"]')).toHaveText(
        /^Tool: save_note: \d+ ms/,
      );
      await page.getByRole('button', { name: 'Close the debug panel' }).click();
      // Another day: the conversation's calls in the history, from the relay's record.
      await page.reload();
      await page.getByTestId('history-button').click();
      await page.locator('[data-session]').first().getByRole('button').click();
      const past = page.getByTestId('history-detail').getByTestId('tool-call');
      await expect(past).toHaveCount(2);
      await expect(past.nth(0)).toHaveAttribute('data-status', 'asked');
      await expect(past.nth(1)).toHaveAttribute('data-status', 'done');
      await expect(past.nth(1)).toHaveText(`Note saved: ${NOTE}`);
      await checkAccessibility(page, 'a past conversation with tool calls');
    });
  });
}

test('Settings: the sound while a tool works is the user’s choice, and the relay keeps it', async ({
  page,
}) => {
  await withToolModel(specPort(49), async (relay) => {
    const puts: unknown[] = [];
    page.on('request', (r) => {
      if (r.method() === 'PUT' && new URL(r.url()).pathname === '/api/preferences')
        puts.push(r.postDataJSON());
    });
    await page.goto(relay.url);
    await page.getByTestId('settings-button').click();
    const choice = page.getByLabel('While a tool works');
    await expect(choice).toHaveValue('spoken');
    await expect(choice.locator('option:checked')).toHaveText('A short spoken line');
    await choice.selectOption({ label: 'A soft sound' });
    await page.getByTestId('pref-save').click();
    await expect.poll(() => puts).toEqual([expect.objectContaining({ toolProgress: 'earcon' })]);
    // At the relay, read apart from the page: the user's preference from their next turn on
    // (polled: the PUT above was seen leaving, not answered).
    const stored = () =>
      page.evaluate(async () => {
        const r = await fetch('/api/preferences');
        return ((await r.json()) as { preferences: { toolProgress?: string } }).preferences
          .toolProgress;
      });
    await expect.poll(stored).toBe('earcon');
    await page.reload();
    await page.getByTestId('settings-button').click();
    await expect(page.getByLabel('While a tool works')).toHaveValue('earcon');
    // Back to the spoken line: the default, sent as no choice at all.
    await page.getByLabel('While a tool works').selectOption('spoken');
    await page.getByTestId('pref-save').click();
    await expect.poll(() => puts.length).toBe(2);
    expect(puts[1]).not.toHaveProperty('toolProgress');
  });
});

/**
 * When the page made each oscillator (the earcon is made of them; epoch ms): recorded by
 * wrapping the browser's own factory before the app loads.
 */
async function recordOscillators(page: Page): Promise<() => Promise<number[]>> {
  await page.addInitScript(() => {
    const made: number[] = [];
    (window as unknown as { __oscillators: number[] }).__oscillators = made;
    const proto = BaseAudioContext.prototype;
    const create = Object.getOwnPropertyDescriptor(proto, 'createOscillator')?.value as (
      this: BaseAudioContext,
    ) => OscillatorNode;
    proto.createOscillator = function (this: BaseAudioContext) {
      made.push(Date.now());
      return create.call(this);
    };
  });
  return () =>
    page.evaluate(() => [...(window as unknown as { __oscillators: number[] }).__oscillators]);
}

test('while a tool works the earcon plays, gently again, and stops when the reply speaks', async ({
  page,
}) => {
  await withToolModel(specPort(52), async (relay, llm) => {
    llm.script = [{ toolCalls: [{ name: 'calculate', arguments: '{"expression":"6 * 7"}' }] }];
    const made = await recordOscillators(page);
    const oscillators = async () => (await made()).length;
    const turns = recordTurnsDone(page).done;
    // The relay's tool.progress, as it sends it to a user who chose the sound (the relay's side
    // is another part of issue 48): in the call's place, and the turn's output held 2.5 s as
    // behind a slow tool.
    const HOLD_MS = 2_500;
    await page.routeWebSocket(/\/ws/, (ws) => {
      const server = ws.connectToServer();
      let holding: (string | Buffer)[] | null = null;
      server.onMessage((m) => {
        if (holding) {
          holding.push(m);
          return;
        }
        const call = typeof m === 'string' ? (JSON.parse(m) as Record<string, unknown>) : null;
        if (call?.type !== 'tool.call') {
          ws.send(m);
          return;
        }
        ws.send(
          JSON.stringify({
            type: 'tool.progress',
            seq: call.seq,
            turnId: call.turnId,
            names: [call.name],
            progress: 'earcon',
            atMs: call.startedAtMs,
          }),
        );
        const held: (string | Buffer)[] = [];
        holding = held;
        setTimeout(() => {
          holding = null;
          for (const x of held) ws.send(x);
        }, HOLD_MS);
      });
      ws.onMessage((m) => server.send(m));
    });
    await page.goto(relay.url);
    // In a call (the microphone quiet), typed: the call's player says what it played.
    await page.getByTestId('talk-button').click();
    await expect(page.getByTestId('end-call-button')).toBeVisible();
    const before = await oscillators();
    await type(page, 'what is six times seven');
    // Played at once (two notes), and again 2 s on while the tool still works.
    await expect.poll(oscillators).toBe(before + 2);
    await expect.poll(oscillators, { timeout: 5_000 }).toBe(before + 4);
    // The reply speaks: the earcon stops, and stays stopped.
    const reply = page.getByTestId('assistant-utterance').first();
    await expect(reply).toContainText('42');
    await expect(page.getByTestId('tool-call').first()).toHaveAttribute('data-status', 'done');
    // Heard to its end (longer than the earcon's 2 s): no earcon since it began to play.
    const turnId = Number(await reply.getAttribute('data-turn'));
    await expect.poll(() => turns.get(turnId)?.audioSamples ?? 0).toBeGreaterThan(0);
    const samples = turns.get(turnId)?.audioSamples ?? 0;
    await expect
      .poll(async () => (await playback(page, turnId)).played, { timeout: 20_000 })
      .toBeGreaterThanOrEqual(samples);
    const firstPlayed = (await playback(page, turnId)).firstPlayedAtMs ?? 0;
    const times = await made();
    expect(times).toHaveLength(before + 4);
    expect(Math.max(...times)).toBeLessThan(firstPlayed);
  });
});

test('the sound chosen in Settings reaches the relay: a slow tool brings tool.progress earcon, and the page plays it', async ({
  page,
}) => {
  await withToolModel(
    specPort(53),
    async (relay, llm) => {
      const slow = await addEverything(relay, 'trigger-long-running-operation');
      llm.script = [{ toolCalls: [{ name: slow, arguments: '{"duration":2,"steps":2}' }] }];
      const made = await recordOscillators(page);
      const wire = recordToolWire(page);
      await page.goto(relay.url);
      await page.getByTestId('settings-button').click();
      await page.getByLabel('While a tool works').selectOption('earcon');
      await page.getByTestId('pref-save').click();
      await expect(page.getByTestId('pref-saved')).toBeVisible();
      await page.getByTestId('settings-button').click();
      await page.getByTestId('talk-button').click();
      await expect(page.getByTestId('end-call-button')).toBeVisible();
      const before = (await made()).length;
      await type(page, 'run the long operation');
      // ~700 ms into the 2 s tool the relay says so, as the user chose: the sound, no line.
      await expect
        .poll(() => wire.received.filter((m) => m.type === 'tool.progress'))
        .toEqual([expect.objectContaining({ progress: 'earcon', names: [slow] })]);
      await expect.poll(async () => (await made()).length).toBeGreaterThanOrEqual(before + 2);
      await expect(page.getByTestId('tool-call').first()).toHaveAttribute('data-status', 'done');
      const reply = page.getByTestId('assistant-utterance').first();
      await expect(reply).toHaveAttribute('data-final', 'true');
      const turnId = Number(await reply.getAttribute('data-turn'));
      await expect.poll(async () => (await playback(page, turnId)).firstPlayedAtMs).not.toBeNull();
      const firstPlayed = (await playback(page, turnId)).firstPlayedAtMs ?? 0;
      expect(Math.max(...(await made()))).toBeLessThan(firstPlayed);
    },
    { env: { MCP_STDIO_COMMANDS: EVERYTHING } },
  );
});

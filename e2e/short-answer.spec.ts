import { expect, test } from './mic-test.ts';
import { specPort } from './ports.ts';
import { E2eRelay } from './relay-process.ts';
import { notesOf, recordToolWire } from './tool-wire.ts';
import { recordTurnsDone } from './reply-wire.ts';

// Issue 52: a one-word answer is the user's turn. A lone "yes" is shorter than the VAD's
// minimum of speech, so the VAD calls it a misfire; the relay heard its word, so the page ends
// the utterance rather than dropping it (52ff81f), and the question it answers is settled.

test.use({ serviceWorkers: 'block', micFile: 'remember-yes' });

test('a lone spoken “yes” answers the assistant’s question: the relay gets the turn and acts on it', async ({
  page,
}) => {
  const relay = new E2eRelay(specPort(70));
  try {
    await relay.start();
    const turns = recordTurnsDone(page);
    const tools = recordToolWire(page);
    const ends: number[] = [];
    page.on('websocket', (ws) =>
      ws.on('framesent', ({ payload }) => {
        if (typeof payload !== 'string') return;
        const m = JSON.parse(payload) as { type: string; turnId: number };
        if (m.type === 'utterance.end') ends.push(m.turnId);
      }),
    );
    await page.goto(relay.url);
    await page.getByTestId('talk-button').click();
    const users = page.getByTestId('user-utterance');
    const replies = page.getByTestId('assistant-utterance');
    await expect(replies.nth(0)).toHaveText(
      /^Shall I remember that your sister.?s name is anna\?$/,
      { timeout: 30_000 },
    );
    const asked = Number(await replies.nth(0).getAttribute('data-turn'));
    // The "yes" went to the relay as a turn of its own, and was answered on the wire.
    await expect.poll(() => ends, { timeout: 30_000 }).toContain(asked + 1);
    await expect
      .poll(() => turns.done.get(asked + 1)?.status, { timeout: 30_000 })
      .toBe('completed');
    expect(turns.done.get(asked + 1)?.reply).toMatch(/^OK, I.ll remember that your sister/);
    await expect(users.nth(1)).toHaveText('yes');
    expect(tools.sent).toEqual([]);
    expect(await notesOf(page)).toEqual([expect.stringMatching(/sister.?s name is anna/i)]);
    await page.getByTestId('end-call-button').click();
  } finally {
    await relay.kill();
  }
});

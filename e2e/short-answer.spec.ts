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
    // The name as the recogniser wrote it (Flite's "anna" is read "anna" or "anne"): the lone
    // yes answering the question is the point, not that reading.
    const question = /^Shall I remember that your sister.?s name is ([\w ]+)\?$/;
    await expect(replies.nth(0)).toHaveText(question, { timeout: 30_000 });
    const name = question.exec((await replies.nth(0).textContent()) ?? '')?.[1] ?? '';
    const asked = Number(await replies.nth(0).getAttribute('data-turn'));
    // The "yes" went to the relay as a turn of its own, and was answered on the wire.
    await expect.poll(() => ends, { timeout: 30_000 }).toContain(asked + 1);
    await expect
      .poll(() => turns.done.get(asked + 1)?.status, { timeout: 30_000 })
      .toBe('completed');
    expect(turns.done.get(asked + 1)?.reply).toMatch(/^OK, I.ll remember that your sister/);
    // One word, its own turn: "yes" (or another yes the responder takes, as it did above).
    await expect(users.nth(1)).toHaveText(/^\w+$/);
    expect(tools.sent).toEqual([]);
    expect(await notesOf(page)).toEqual([
      expect.stringMatching(new RegExp(`sister.?s name is ${name}$`, 'i')),
    ]);
    await page.getByTestId('end-call-button').click();
  } finally {
    await relay.kill();
  }
});

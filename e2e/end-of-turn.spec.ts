import { EndOfTurn, type PauseReading } from '../shared/src/index.ts';
import { expect, test, type Page } from './mic-test.ts';

// Issue 25: the end of a turn is decided at the pause, on the words the relay heard up to it.
// What is checked is what travels: the page reports the pause, the relay answers with the words
// of that pause, and the turn's end is the policy's (the panel says which wait and why).

test.use({ micFile: 'two-turns' });

interface Wire {
  /** Text messages in the order the page sent or received them: `>type` / `<type`. */
  log: string[];
  pauseSeqs: number[];
  /** `transcript.partial` messages that carried the words of a pause (`at`: index in `log`). */
  pauseWords: {
    text: string;
    pauseSeq: number;
    reading?: PauseReading;
    closedFollows?: true;
    at: number;
  }[];
}

function watchWire(page: Page): Wire {
  const wire: Wire = { log: [], pauseSeqs: [], pauseWords: [] };
  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) => {
      if (typeof payload !== 'string') return;
      const m = JSON.parse(payload) as { type: string; lastSeq?: number };
      wire.log.push(`>${m.type}`);
      if (m.type === 'utterance.pause' && m.lastSeq !== undefined) wire.pauseSeqs.push(m.lastSeq);
    });
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string') return;
      const m = JSON.parse(payload) as {
        type: string;
        text?: string;
        pauseSeq?: number;
        reading?: PauseReading;
        closedFollows?: true;
      };
      wire.log.push(`<${m.type}`);
      if (m.type === 'transcript.partial' && m.pauseSeq !== undefined)
        wire.pauseWords.push({
          text: m.text ?? '',
          pauseSeq: m.pauseSeq,
          at: wire.log.length - 1,
          ...(m.reading ? { reading: m.reading } : {}),
          ...(m.closedFollows ? { closedFollows: m.closedFollows } : {}),
        });
    });
  });
  return wire;
}

test('a complete question ends on the words heard at the pause: the relay sends them, the panel says why', async ({
  page,
}) => {
  const wire = watchWire(page);
  await page.goto('/?duplex=full');
  await page.getByTestId('talk-button').click();
  await expect(page.getByTestId('assistant-utterance').first()).toHaveAttribute(
    'data-final',
    'true',
  );

  // The page said where the pause was, and the relay answered with the words up to it.
  expect(wire.pauseSeqs.length).toBeGreaterThan(0);
  expect(wire.pauseWords.length).toBeGreaterThan(0);
  const pauseSeq = wire.pauseWords[0]?.pauseSeq;
  expect(wire.pauseSeqs).toContain(pauseSeq);
  // The words of that pause as last read (they follow the recogniser's revisions of them).
  const lastRead = wire.pauseWords.filter((w) => w.pauseSeq === pauseSeq).at(-1);
  expect(lastRead?.text).toMatch(/^what time is/);
  const firstEnd = wire.log.indexOf('>utterance.end');
  expect(wire.log.indexOf('>utterance.pause')).toBeLessThan(firstEnd);
  expect(wire.log.indexOf('<transcript.partial')).toBeLessThan(firstEnd);

  // The turn ended on the policy's decision on the words of its last pause that came before
  // the end — a complete question's 250 ms, unless the running hypothesis lost the last word
  // ("what time is a", still owing one) — and the panel says which wait and why.
  const beforeEnd = wire.pauseWords.filter((w) => w.at < firstEnd);
  const lastPause = Math.max(...beforeEnd.map((w) => w.pauseSeq));
  const words = beforeEnd.filter((w) => w.pauseSeq === lastPause);
  const policy = new EndOfTurn({ eagerness: 'balanced' });
  policy.pauseStarted(0);
  for (const w of words) policy.words(w.text, true, w.reading);
  expect([250, 1_200]).toContain(policy.current.waitMs);
  await page.getByTestId('debug-button').click();
  const wait = page.getByTestId('debug-end-wait').first();
  await expect(wait).toContainText(policy.current.reason);
  // The embedded recogniser closes the words at the pause: the relay says so with its running
  // hypothesis, and the page holds the end for that closed reading (up to the 500 ms of words
  // not known), which it then sends even where it says the same words.
  expect(words[0]?.closedFollows).toBe(true);
  const waitedMs = Number(await wait.getAttribute('data-ms'));
  if (words.some((w) => w.reading === 'closed')) {
    expect(waitedMs).toBeGreaterThanOrEqual(policy.current.waitMs);
    if (waitedMs > policy.current.waitMs)
      await expect(wait).toContainText('waited for the final words');
  } else {
    expect(waitedMs).toBeGreaterThanOrEqual(500);
    await expect(wait).toContainText('final words late');
  }
});

test('?eot=fixed ends the turn on the old 500 ms of silence', async ({ page }) => {
  await page.goto('/?duplex=full&eot=fixed');
  await page.getByTestId('talk-button').click();
  await expect(page.getByTestId('assistant-utterance').first()).toHaveAttribute(
    'data-final',
    'true',
  );
  await page.getByTestId('debug-button').click();
  const wait = page.getByTestId('debug-end-wait').first();
  await expect(wait).toHaveAttribute('data-ms', '500');
  await expect(wait).toContainText('fixed rule');
});

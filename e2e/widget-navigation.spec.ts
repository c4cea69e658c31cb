import { copyFileSync, renameSync } from 'node:fs';
import { FIXTURES } from './global-setup.ts';
import { expect, test, type Page } from './mic-test.ts';
import { specPort } from './ports.ts';
import { serveSite, sitePage } from './widget-site.ts';

// Issue 64, item 4: a conversation that survives the page. A site of another origin embeds the
// widget with one tag on two pages; the user asks on the first, follows a link to the second (a
// full page load), finds the conversation there and goes on talking in the same session
// (docs/design/call-across-pages.md §2 steps 3–4; docs/embedding.md, "A conversation across
// the site's pages").

test.use({ micFile: 'first-page-question' });

/** The site's second page, linked from its first. */
const HOURS = '/hours';

/** The sessions the relay's `ready` named to the page, in order (every page of the tab). */
function readySessions(page: Page): string[] {
  const ids: string[] = [];
  page.on('websocket', (ws) =>
    ws.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string' || !payload.includes('"ready"')) return;
      const m = JSON.parse(payload) as { type?: string; sessionId?: string };
      if (m.type === 'ready' && m.sessionId !== undefined) ids.push(m.sessionId);
    }),
  );
  return ids;
}

test('a conversation goes on across the site’s pages, in one session', async ({
  page,
  baseURL,
  micPath,
}) => {
  const relay = baseURL ?? '';
  const first = sitePage(relay, '', `<h1>A shop</h1><p><a href="${HOURS}">Opening hours</a></p>`);
  const second = sitePage(relay, '', '<h1>Opening hours</h1><p>Every day.</p>');
  const site = await serveSite(specPort(94), relay, true, { '/': first, [HOURS]: second });
  try {
    const sessions = readySessions(page);
    await page.goto(site.url);
    await page.getByRole('button', { name: 'Talk', exact: true }).click();
    const panel = page.getByRole('dialog', { name: 'Voice assistant' });
    // PocketSphinx's reading of Flite's "what time is it" (at times "… is a", or "is it" on a
    // loaded machine): whatever it heard is what the next page shows and the relay stores.
    await expect(panel.locator('#heard-text')).toHaveText(/\bis\b/i);
    await expect(panel.locator('#reply-text')).toHaveText(/\w/);
    // The reply said to its end: the call listens again.
    await expect(panel.getByRole('status')).toHaveText('Listening');
    const heard = await panel.locator('#heard-text').innerText();
    const reply = await panel.locator('#reply-text').innerText();

    // The next page's microphone asks the next question (Chromium reads the file afresh).
    copyFileSync(`${FIXTURES}next-page-question.wav`, `${micPath}.part`);
    renameSync(`${micPath}.part`, micPath);
    await page.getByRole('link', { name: 'Opening hours' }).click();
    await expect(page.getByRole('heading', { name: 'Opening hours' })).toBeVisible();

    // The conversation is there again, with no press of Talk.
    const next = page.getByRole('dialog', { name: 'Voice assistant' });
    await expect(next.locator('#heard-text')).toHaveText(heard);
    await expect(next.locator('#reply-text')).toHaveText(reply);
    // Chromium lets a page of the same site play and listen again without a tap; where it
    // does not, the panel asks for one.
    const status = next.getByRole('status');
    await expect(status).toHaveText(/^(Listening|Tap to go on talking)$/);
    const tapped = (await status.innerText()) !== 'Listening';
    if (tapped) await next.getByRole('button', { name: 'Go on talking' }).click();
    test.info().annotations.push({ type: 'went on', description: tapped ? 'tap' : 'by itself' });

    await expect(next.locator('#heard-text')).toHaveText(/five times six/i);
    await expect(next.locator('#reply-text')).toHaveText(/30|thirty/i);

    // One session, resumed (not a new one), holding each question once.
    expect(new Set(sessions).size).toBe(1);
    const id = sessions[0] ?? '';
    await expect
      .poll(async () => {
        const res = await fetch(`${relay}/api/sessions/${id}`);
        const body = (await res.json()) as { turns?: { userText: string }[] };
        return (body.turns ?? []).map((t) => t.userText);
      })
      .toEqual([heard, expect.stringMatching(/five times six/i)]);
  } finally {
    await new Promise((resolve) => site.server.close(resolve));
  }
});

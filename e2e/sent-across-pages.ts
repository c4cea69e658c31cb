import type { Page } from '@playwright/test';
import type { SentFrame } from './uplink-wire.ts';

/** How many pages of the tab recorded what they sent (the tab's sessionStorage). */
const PAGES_KEY = 'e2e:pages';
/** What page `index` of the tab sent is kept under this and `index`. */
const SENT_KEY = 'e2e:sent:';

/**
 * Before the tab's pages load: each page keeps what it sends on its WebSockets in the tab's
 * `sessionStorage`, as it sends it — what it sends as it goes away included (its `pagehide`:
 * the reply cut, the utterance ended, the socket closed). Playwright's `framesent` misses those:
 * the old document's socket events stop at the navigation.
 */
export async function recordSentAcrossPages(page: Page): Promise<void> {
  await page.addInitScript(
    ({ pagesKey, prefix }) => {
      if (!location.protocol.startsWith('http')) return;
      const index = Number(sessionStorage.getItem(pagesKey) ?? 0);
      sessionStorage.setItem(pagesKey, String(index + 1));
      const sent: SentFrame[] = [];
      // Called with each socket as `this`, below.
      // eslint-disable-next-line @typescript-eslint/unbound-method
      const send = WebSocket.prototype.send;
      WebSocket.prototype.send = function (this: WebSocket, data) {
        if (typeof data === 'string') sent.push({ text: data });
        else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
          const view = ArrayBuffer.isView(data)
            ? new DataView(data.buffer, data.byteOffset, data.byteLength)
            : new DataView(data);
          if (view.byteLength >= 12)
            sent.push({
              kind: view.getUint8(0),
              seq: view.getUint32(4, true),
              turnId: view.getUint32(8, true),
            });
        }
        sessionStorage.setItem(`${prefix}${index}`, JSON.stringify(sent));
        send.call(this, data);
      };
    },
    { pagesKey: PAGES_KEY, prefix: SENT_KEY },
  );
}

/** What each page of the tab sent so far, page by page (see {@link recordSentAcrossPages}). */
export function sentAcrossPages(page: Page): Promise<SentFrame[][]> {
  return page.evaluate(
    ({ pagesKey, prefix }) =>
      Array.from(
        { length: Number(sessionStorage.getItem(pagesKey) ?? 0) },
        (_, i) => JSON.parse(sessionStorage.getItem(`${prefix}${i}`) ?? '[]') as SentFrame[],
      ),
    { pagesKey: PAGES_KEY, prefix: SENT_KEY },
  );
}

/** The text messages of `type` among `frames`, parsed. */
export function sentMessages<M>(frames: readonly SentFrame[], type: string): M[] {
  return frames.flatMap((f) => {
    if (!('text' in f)) return [];
    const m = JSON.parse(f.text) as { type: string };
    return m.type === type ? [m as M] : [];
  });
}

import type { CallPage } from './call-deps.ts';

/**
 * How long a page shown again by Back looks for the hand-off of the page it came back from
 * (ms), and how often. That page writes it at its `pagehide`, which Chromium may run after this
 * page's `pageshow` (another renderer: seen in e2e/widget-back.spec.ts).
 */
export const LOOK_FOR_MS = 2_000;
export const LOOK_EVERY_MS = 50;

/**
 * A page kept for Back (the back/forward cache) whose conversation went to the tab's next page
 * as it went (see PageLeave), shown again by Back: it is the tab's next page now, and takes the
 * hand-off the page it came back from wrote, as a page that loads does
 * (docs/design/call-across-pages.md). Never two pages with one session: the page takes it back
 * only through that hand-off, written by a page that let it go. A page that handed nothing over
 * does nothing when shown again.
 */
export class PageBack {
  /** The page's conversation went with the page (handed over, or ended where it could not be). */
  private left = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    page: Pick<CallPage, 'window'>,
    /**
     * Takes the hand-off waiting for this page; false when there is none yet. True too when
     * the page has a conversation of its own by then (the user pressed Talk): nothing is taken.
     */
    private readonly takeBack: () => boolean,
  ) {
    page.window.addEventListener('pageshow', this.onShow);
    page.window.addEventListener('pagehide', this.stopLooking);
  }

  /** The page went and its conversation with it (the link's hand-off at `pagehide`). */
  conversationLeft(): void {
    this.left = true;
  }

  private readonly onShow = (e: Event) => {
    if (!(e as PageTransitionEvent).persisted || !this.left) return;
    this.left = false;
    this.look(Date.now() + LOOK_FOR_MS);
  };

  private look(untilMs: number): void {
    this.timer = null;
    if (this.takeBack() || Date.now() >= untilMs) return;
    this.timer = setTimeout(() => this.look(untilMs), LOOK_EVERY_MS);
  }

  private readonly stopLooking = () => {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  };
}

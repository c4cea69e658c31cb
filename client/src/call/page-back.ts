import type { CallPage } from './call-deps.ts';

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

  constructor(
    page: Pick<CallPage, 'window'>,
    /** Takes the hand-off waiting for this page, if any (see TextChat.resumeHandedOff). */
    private readonly takeBack: () => void,
  ) {
    page.window.addEventListener('pageshow', this.onShow);
  }

  /** The page went and its conversation with it (the link's hand-off at `pagehide`). */
  conversationLeft(): void {
    this.left = true;
  }

  private readonly onShow = (e: Event) => {
    if (!(e as PageTransitionEvent).persisted || !this.left) return;
    this.left = false;
    this.takeBack();
  };
}

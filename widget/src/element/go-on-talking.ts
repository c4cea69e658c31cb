import type { WidgetSettings } from '../attributes.ts';
import type { WidgetCall } from '../call/call-port.ts';
import { browserGoOnProbe, handOffWaiting, probeGoOn, type GoOnProbe } from '../call/go-on.ts';
import type { WidgetInput, WidgetModel } from '../model.ts';

/** What the element lends {@link GoOnTalking}. */
export interface GoOnHost {
  settings(): Pick<WidgetSettings, 'relayUrl' | 'acrossPages'>;
  /** Makes the call (its code fetched): a call made with a hand-off waiting resumes it. */
  ensureCall(): Promise<WidgetCall | null>;
  /** The model's call now. */
  callNow(): WidgetModel['call'];
  input(input: WidgetInput): void;
  /** Talk, as if pressed. */
  talk(): Promise<void>;
}

/**
 * A conversation the tab's page before this one handed over (a full page load within the
 * site; docs/design/call-across-pages.md), brought back by the element: the call is made at
 * once when a hand-off waits, and once it says what it resumed, a typed conversation opens the
 * panel and a spoken call goes on by itself or at the user's tap ("Tap to go on talking"),
 * muted if it was.
 */
export class GoOnTalking {
  /** The page looked for a hand-off (once). */
  #looked = false;
  /** The call handed over was muted: so is its next start. */
  #muted = false;

  constructor(
    private readonly host: GoOnHost,
    private readonly probe: () => GoOnProbe = browserGoOnProbe,
  ) {}

  /**
   * Once, as the element is first connected: a hand-off for the element's relay waits in the
   * tab's storage (and the site lets a conversation go on across its pages), so the call's code
   * is fetched now, and the call made, which resumes the session and tells what it was (see
   * {@link handedOver}).
   */
  lookForHandOff(): void {
    if (this.#looked) return;
    this.#looked = true;
    const { relayUrl, acrossPages } = this.host.settings();
    if (!acrossPages) return;
    let storage: Storage | null = null;
    try {
      storage = sessionStorage;
    } catch {
      // Storage blocked for this page: nothing was handed over.
    }
    if (relayUrl !== null && handOffWaiting(storage, relayUrl)) void this.host.ensureCall();
  }

  /**
   * What the call resumed, shown again by its events: a typed conversation opens the panel; a
   * spoken call goes on by itself where the browser lets the page listen and play without a
   * tap, else waits for one ("Tap to go on talking").
   */
  async handedOver(mode: 'call' | 'typed', muted: boolean): Promise<void> {
    const host = this.host;
    // Talk was pressed while the call's code loaded: that call goes on.
    if (host.callNow() !== 'none') return;
    if (mode === 'typed') {
      host.input({ type: 'handed-over', goOn: false });
      return;
    }
    this.#muted = muted;
    const way = await probeGoOn(this.probe());
    // (Read again: Talk may have been pressed while the browser answered.)
    if (host.callNow() !== 'none') return;
    host.input({ type: 'handed-over', goOn: way === 'tap' });
    if (way === 'by-itself') await host.talk();
  }

  /** The call started: one handed over muted comes back muted. */
  started(call: Pick<WidgetCall, 'mute'>): void {
    if (this.#muted && this.host.callNow() === 'on') {
      call.mute(true);
      this.host.input({ type: 'mute', muted: true });
    }
    this.#muted = false;
  }
}

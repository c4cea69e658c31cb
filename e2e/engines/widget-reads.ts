import type { EnginePage } from './driver.ts';

/** What the widget (`<parley-voice>`, its panel in a shadow root) shows, read through any engine. */
export interface WidgetShown {
  /** The panel is open. */
  open: boolean;
  /** The status line ("Listening", "Tap to go on talking", …). */
  status: string;
  /** The user's last words, and the reply to them. */
  heard: string;
  reply: string;
  /** The problem shown (its alert), or null. */
  problem: string | null;
  /** The panel's main button: its name, and what it does (`start` or `end`). */
  callButton: { label: string; action: string };
}

/** What the page's first `<parley-voice>` shows (null: no element, or not defined yet). */
export function widgetShown(page: EnginePage): Promise<WidgetShown | null> {
  return page.evaluate(() => {
    const root = document.querySelector('parley-voice')?.shadowRoot;
    if (!root) return null;
    const part = (id: string) => root.getElementById(id);
    const text = (id: string) => part(id)?.textContent ?? '';
    const problem = part('problem');
    return {
      open: part('panel')?.hidden === false,
      status: text('status-text'),
      heard: text('heard-text'),
      reply: text('reply-text'),
      problem: problem && !problem.hidden ? problem.textContent : null,
      callButton: { label: text('call'), action: part('call')?.dataset.action ?? '' },
    };
  });
}

/**
 * What the page's browser answers the widget's questions of whether a handed-over call can go
 * on without a tap (widget/src/call/go-on.ts): its autoplay policy for an AudioContext (null:
 * the browser has no `getAutoplayPolicy`) and the microphone's permission (the error, where it
 * cannot say).
 */
export function goOnAnswers(page: EnginePage): Promise<{ autoplay: string | null; mic: string }> {
  return page.evaluate(async () => {
    const nav = navigator as Navigator & { getAutoplayPolicy?: (type: string) => string };
    const autoplay =
      typeof nav.getAutoplayPolicy === 'function' ? nav.getAutoplayPolicy('audiocontext') : null;
    const mic = await navigator.permissions.query({ name: 'microphone' }).then(
      (status) => status.state,
      (err: unknown) => `cannot say (${err instanceof Error ? err.name : String(err)})`,
    );
    return { autoplay, mic };
  });
}

import type { WidgetCallEvents } from './call/call-port.ts';
import type { Problem } from './model.ts';

/**
 * The DOM events `<parley-voice>` dispatches on itself (`CustomEvent`, bubbling and composed),
 * with their `detail`; each documented in docs/embedding.md (a test checks the two agree).
 */
export interface WidgetEventDetails {
  /** The panel opened (Talk pressed). */
  'parley-open': Record<string, never>;
  /** The panel closed (its close button, Escape, or the talk button again): any call ended. */
  'parley-close': Record<string, never>;
  /** Where the call is (§3.2's `state`): `idle`, `starting`, `listening`, … */
  'parley-state': WidgetCallEvents['state'];
  /** The user's turn: begun, typed, or its final words (§3.2's `transcript`). */
  'parley-transcript': WidgetCallEvents['transcript'];
  /** The assistant's reply: a delta, what was heard of a cut reply, or its end (§3.2's `reply`). */
  'parley-reply': WidgetCallEvents['reply'];
  /** What the panel says went wrong: its kind and the words shown. */
  'parley-error': { kind: Problem['kind']; message: string };
}

export type WidgetEventName = keyof WidgetEventDetails;

/** Each event once (a `Record`, so that none is left out), in docs/embedding.md's order. */
const LISTED: Record<WidgetEventName, true> = {
  'parley-open': true,
  'parley-close': true,
  'parley-state': true,
  'parley-transcript': true,
  'parley-reply': true,
  'parley-error': true,
};

/** Every event of {@link WidgetEventDetails}. */
export const WIDGET_EVENTS = Object.keys(LISTED) as readonly WidgetEventName[];

/** The event `name` with `detail`, as the element dispatches it. */
export function widgetEvent<E extends WidgetEventName>(
  name: E,
  detail: WidgetEventDetails[E],
): CustomEvent<WidgetEventDetails[E]> {
  return new CustomEvent(name, { detail, bubbles: true, composed: true });
}

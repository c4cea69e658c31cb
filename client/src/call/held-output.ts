import type { AudioFrame, ServerMessage } from '@parley/shared';

/** Turn output kept for a call that cannot play it yet, in the order it came. */
export type HeldItem =
  | { kind: 'audio'; frame: AudioFrame }
  | { kind: 'message'; message: Extract<ServerMessage, { type: 'reply.delta' | 'turn.done' }> };

/** Reply audio frames held at most (later ones are not): a call waiting that long for a tap. */
export const MAX_HELD_FRAMES = 3_000;

/**
 * The output of a spoken call's turns that came before the call could play it: a conversation
 * handed over by the tab's page before is resumed at once, with no tap (docs/design/
 * call-across-pages.md), so the answer to a question the user asked as the page went may come
 * before the call is back — its audio, and what tells the call's turns of it (the reply
 * begun, the turn done), are kept here for the call to play when it starts.
 */
export class HeldOutput {
  private items: HeldItem[] = [];
  private frames = 0;

  audio(frame: AudioFrame): void {
    if (this.frames >= MAX_HELD_FRAMES) return;
    this.frames++;
    this.items.push({ kind: 'audio', frame });
  }

  message(message: ServerMessage): void {
    if (message.type === 'reply.delta' || message.type === 'turn.done')
      this.items.push({ kind: 'message', message });
  }

  /** What was held, in order; nothing is held after. */
  take(): HeldItem[] {
    const items = this.items;
    this.items = [];
    this.frames = 0;
    return items;
  }
}

import { store } from '../../state/store.ts';
import { voice } from './controller.ts';
import { textChat } from './text-chat.ts';

/**
 * Sends a typed message as the next turn, wherever the conversation is: into the call when one
 * runs, else into the typed conversation (opened first if needed — after a call ended, too).
 * Call from the user's gesture (a spoken reply needs it). Resolves false when the relay could
 * not be reached: the message was not sent.
 *
 * The type box and a failed turn's "Try again" both send through here: the retry used to go to
 * the call only, and did nothing outside one.
 */
export function sendMessage(text: string): Promise<boolean> {
  // A call opening takes the session: a typed conversation opened now would be a second one.
  if (store.getState().call === 'starting') return Promise.resolve(false);
  if (voice.sendText(text)) return Promise.resolve(true);
  return textChat.send(text);
}

import { CONVERSATIONS, writeConversations } from '../global-setup.ts';
import { LANE_CONVERSATIONS } from './conversations.ts';
import { prepareServedApp } from './served-app.ts';

/** Before the engine lanes: the conversations the microphone says, and the app that says them. */
export default function setup(): void {
  writeConversations({ ...CONVERSATIONS, ...LANE_CONVERSATIONS });
  prepareServedApp();
}

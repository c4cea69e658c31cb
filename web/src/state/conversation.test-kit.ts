import type { ConversationState } from './types.ts';

/** The conversation before the relay said anything. */
export const EMPTY_CONVERSATION: ConversationState = {
  entries: [],
  notice: null,
  typingSuggested: false,
  sessionCostMicros: 0,
  userDayCostMicros: 0,
  traces: [],
  figures: [],
  providers: null,
  llmFallback: null,
  toolsVersion: 0,
  ringing: null,
};

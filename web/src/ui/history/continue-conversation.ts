import type { SessionDetail } from '@parley/shared';
import { actions } from '../../state/store.ts';
import type { ChatEntry } from '../../state/types.ts';
import type { ParleyCall } from '@parley/client';

type EntryStatus = NonNullable<ChatEntry['status']>;
const STATUSES = new Set<string>(['completed', 'failed', 'cancelled', 'interrupted']);
const isStatus = (stored: string): stored is EntryStatus => STATUSES.has(stored);
const statusOf = (stored: string): EntryStatus => (isStatus(stored) ? stored : 'completed');

/** A stored conversation's turns as transcript entries (user, then assistant, per turn). */
export function entriesOf(session: SessionDetail): ChatEntry[] {
  return session.turns.flatMap((t): ChatEntry[] => {
    const status = statusOf(t.status);
    return [
      // A turn of the assistant's own (the check-in of a silent call) has no words of theirs.
      ...(t.userText === ''
        ? []
        : [
            {
              key: `user-${t.turnId}`,
              role: 'user' as const,
              turnId: t.turnId,
              text: t.userText,
              final: true,
            },
          ]),
      ...(t.assistantText
        ? [
            {
              key: `assistant-${t.turnId}`,
              role: 'assistant' as const,
              turnId: t.turnId,
              text: t.assistantText,
              final: true,
              status,
              ...(t.toolCalls ? { tools: t.toolCalls } : {}),
            },
          ]
        : []),
    ];
  });
}

/**
 * Goes on with a past conversation: whatever is open now ends, its turns fill the transcript,
 * and the next message — typed or spoken — continues it at the relay (its history goes back to
 * the language model; new turns are numbered after its last).
 */
export function continueConversation(call: ParleyCall, session: SessionDetail): void {
  call.end();
  actions.continueConversation({ sessionId: session.id, title: session.title }, entriesOf(session));
}

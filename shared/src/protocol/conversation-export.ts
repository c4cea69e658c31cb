import { z } from 'zod';
import { turnToolCall } from './tool-calls.ts';

/** Version of the {@link conversationExport} file shape; bump on any incompatible change. */
export const CONVERSATION_EXPORT_VERSION = 1;

export const exportedTurn = z.strictObject({
  turnId: z.number().int(),
  /** When the turn was answered (ISO 8601). */
  at: z.iso.datetime(),
  /** What the user said or typed. */
  user: z.string(),
  /** The reply as the user heard it (cut where they interrupted it). */
  assistant: z.string(),
  /** `completed`, `failed`, `cancelled`, … as stored. */
  status: z.string(),
  /** The user cut the reply short: `assistant` is what was heard. */
  interrupted: z.boolean(),
  /** What the turn cost (micro-dollars). */
  costMicros: z.number(),
  /** The tools the turn called, in order (absent: none). */
  toolCalls: z.array(turnToolCall).optional(),
});

/**
 * A past conversation exported as JSON (the history's "Export JSON"): what was said, by whom,
 * when, and what it cost. Built from the API's `SessionDetail`.
 */
export const conversationExport = z.strictObject({
  format: z.literal('parley-conversation'),
  version: z.literal(CONVERSATION_EXPORT_VERSION),
  id: z.string(),
  title: z.string().nullable(),
  /** ISO 8601. */
  startedAt: z.iso.datetime(),
  /** ISO 8601; null while the conversation is open. */
  endedAt: z.iso.datetime().nullable(),
  costMicros: z.number(),
  turns: z.array(exportedTurn),
});
export type ConversationExport = z.infer<typeof conversationExport>;

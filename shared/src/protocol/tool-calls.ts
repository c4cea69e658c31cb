import { z } from 'zod';
import { TOOL_PROGRESS } from './assistant-settings.ts';
import { epochMs, seq, traceId, turnId } from './wire-fields.ts';

/**
 * How a tool call of a turn ended (issue 48): `done` (it ran and answered), `failed` (it ran and
 * failed, or could not run: its server down), `invalid-arguments` (the model's arguments were not
 * JSON or did not fit the tool's schema: not run), `unknown-tool` (the model called a tool it was
 * not given: not run), `timed-out` (the turn's tool time ran out: stopped), `cancelled` (the user
 * interrupted, or the turn was superseded: stopped), `declined` (it needed the user's
 * confirmation, which they did not give: not run), `skipped` (past the turn's rounds or time:
 * not run), `asked` (it needs the user's confirmation: the turn asked for it, and ends there; on
 * a yes the next turn runs it). In every case but `cancelled` and `asked` the model is told in
 * plain words and answers.
 */
export const TOOL_CALL_STATUSES = [
  'done',
  'failed',
  'invalid-arguments',
  'unknown-tool',
  'timed-out',
  'cancelled',
  'declined',
  'skipped',
  'asked',
] as const;
export const toolCallStatus = z.enum(TOOL_CALL_STATUSES);
export type ToolCallStatus = z.infer<typeof toolCallStatus>;

/** Longest arguments text sent or stored (characters; longer ones end in `…`). */
export const MAX_TOOL_ARGUMENTS_CHARS = 2_000;
/** Longest result summary sent or stored (characters). */
export const MAX_TOOL_SUMMARY_CHARS = 300;

/** The provider's id of one call (its result refers to it). */
const callId = z.string().min(1).max(128);
/** A tool's name, as the model called it (maybe one that does not exist). */
const toolName = z.string().max(128);
/** The call's arguments as the model wrote them: JSON text (not always valid: see the status). */
const toolArguments = z.string().max(MAX_TOOL_ARGUMENTS_CHARS + 1);

/**
 * A tool call of the turn starts (or is about to be refused: its `tool.result` follows at once).
 * Relay clock (epoch ms), as the turn's marks.
 */
export const toolCallMessage = z.strictObject({
  type: z.literal('tool.call'),
  /** Turn-output sequence number (shared with reply audio frames), for resuming without gaps. */
  seq,
  turnId,
  callId,
  name: toolName,
  arguments: toolArguments,
  startedAtMs: epochMs,
});

/** A tool call of the turn ended: how, and one line a person reads about its result. */
export const toolResultMessage = z.strictObject({
  type: z.literal('tool.result'),
  seq,
  turnId,
  callId,
  name: toolName,
  status: toolCallStatus,
  /** What it gave ("3 notes", "12:04"), or why it did not ("not run: no such tool"). */
  summary: z.string().max(MAX_TOOL_SUMMARY_CHARS + 1),
  startedAtMs: epochMs,
  endedAtMs: epochMs,
});

/**
 * The turn's tools have run ~700 ms without answering (issue 48), or the language model has
 * written nothing for `FIRST_TOKEN_LATE_S` (1.5 s; issue 63, no tool names then): the user must
 * hear that something is happening, never silence. `spoken`: the relay says `text` in the
 * reply's voice (its audio comes as the reply's frames, `text` is not a part of the reply);
 * `earcon`: the client plays its soft earcon until the reply's audio starts or the turn ends. At
 * most one per round of calls, and one for the model per turn.
 */
export const toolProgressMessage = z.strictObject({
  type: z.literal('tool.progress'),
  seq,
  turnId,
  /** The tools still running, as the model called them; none: the model is slow to answer. */
  names: z.array(toolName),
  progress: z.enum(TOOL_PROGRESS),
  /** The line said, for `spoken`. */
  text: z.string().max(200).optional(),
  atMs: epochMs,
});

/**
 * Longest wording of one call a user is asked about (characters, ~20 s of speech): a call with
 * more to say is declined, not asked about (issue 60).
 */
export const MAX_CONFIRM_ACTION_CHARS = 300;

/**
 * A call the user is asked to confirm (see {@link toolConfirmMessage}): its arguments whole (a
 * call whose arguments are longer than {@link MAX_TOOL_ARGUMENTS_CHARS} is never asked about),
 * and what it would do in the words of the question ("forget the note 'banana bread'").
 */
export const confirmedCall = z.strictObject({
  callId,
  name: toolName,
  arguments: z.string().max(MAX_TOOL_ARGUMENTS_CHARS),
  action: z.string().max(MAX_CONFIRM_ACTION_CHARS),
});

/**
 * The model wants to run tools that change something (not read-only): the relay asks the user
 * first, and says `question` as the turn's reply — every argument named. The user's next words
 * decide: a yes that is only a yes runs them, a no (a no word anywhere) does not, anything else
 * is asked again once (a new `tool.confirm`) and then declined; or a tapped `tool.answer` with
 * this `confirmId`. The question is open from this message until a turn decides it, a line the
 * relay says of its own (the check-in of a silent call) or its time limit: `tool.closed` says
 * which.
 */
export const toolConfirmMessage = z.strictObject({
  type: z.literal('tool.confirm'),
  seq,
  turnId,
  /** What a `tool.answer` names. */
  confirmId: z.string().min(1).max(64),
  calls: z.array(confirmedCall).min(1),
  /** What the assistant asks, e.g. "Shall I add 'milk' to your list?". */
  question: z.string(),
});

/**
 * How a question awaiting the user's yes closed: `answered` (a turn decided it: its
 * `tool.result`s say how), `asked-again` (a new `tool.confirm` asks the same), `expired` (no
 * answer within its time limit: declined), `withdrawn` (the relay said a line of its own, such
 * as the check-in of a silent call: declined, so a yes to that line confirms nothing).
 */
export const TOOL_CONFIRM_ENDS = ['answered', 'asked-again', 'expired', 'withdrawn'] as const;
export type ToolConfirmEnd = (typeof TOOL_CONFIRM_ENDS)[number];

/**
 * A `tool.confirm` is no longer open (issue 60): its buttons go, and a `tool.answer` naming it
 * decides nothing. Sent when it happens, outside the turns' numbered output.
 */
export const toolClosedMessage = z.strictObject({
  type: z.literal('tool.closed'),
  confirmId: z.string().min(1).max(64),
  outcome: z.enum(TOOL_CONFIRM_ENDS),
});
export type ToolClosedMessage = z.infer<typeof toolClosedMessage>;

/**
 * Client → relay: the user tapped Confirm (`confirmed`) or Decline on a `tool.confirm`: a new
 * turn (`turnId`) answered as if they had said yes or no. A tap answers that question only: one
 * no longer open (the user said something else meanwhile, it expired) decides nothing — the
 * relay says so, and asks the question open now again, if there is one.
 */
export const toolAnswerMessage = z.strictObject({
  type: z.literal('tool.answer'),
  turnId,
  traceId: traceId.optional(),
  confirmId: z.string().min(1).max(64),
  confirmed: z.boolean(),
});
export type ToolAnswerMessage = z.infer<typeof toolAnswerMessage>;

/**
 * One tool call of a turn as the turn's record keeps it (`turn.done`, the history, exports): its
 * span on the relay's clock, for the turn's waterfall.
 */
export const turnToolCall = z.strictObject({
  callId,
  name: toolName,
  arguments: toolArguments,
  status: toolCallStatus,
  summary: z.string().max(MAX_TOOL_SUMMARY_CHARS + 1),
  startedAtMs: epochMs,
  endedAtMs: epochMs,
});
export type TurnToolCall = z.infer<typeof turnToolCall>;

/** `text` cut to `max` characters, ending in `…` when it was longer. */
export function cutTo(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

export type ToolCallMessage = z.infer<typeof toolCallMessage>;
export type ToolResultMessage = z.infer<typeof toolResultMessage>;
export type ToolConfirmMessage = z.infer<typeof toolConfirmMessage>;
export type ToolProgressMessage = z.infer<typeof toolProgressMessage>;

/** A turn's tool message as the turn emits it, before the session numbers it (`seq`, `turnId`). */
export type ToolTurnEvent =
  | Omit<ToolCallMessage, 'seq' | 'turnId'>
  | Omit<ToolResultMessage, 'seq' | 'turnId'>
  | Omit<ToolConfirmMessage, 'seq' | 'turnId'>
  | Omit<ToolProgressMessage, 'seq' | 'turnId'>;

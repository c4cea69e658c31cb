/**
 * What the assistant can do besides talking (issue 48): one contract for every tool, built in or
 * served by an MCP server, so the turn's tool rounds, the confirmation rule, the progress line and
 * the transcript treat them alike.
 */

/** A JSON Schema object describing a tool's arguments, as language models and MCP take it. */
export type ToolInputSchema = {
  type: 'object';
  properties?: Record<string, unknown>;
  required?: readonly string[];
  [key: string]: unknown;
};

/** Where a tool comes from: the relay itself, or an MCP server an operator added. */
export type ToolOrigin =
  { kind: 'builtin' } | { kind: 'mcp'; serverId: string; serverName: string };

/** What a language model is told of a tool. */
export interface ToolSpec {
  /** Unique among the tools of a turn; `^[a-zA-Z0-9_-]{1,64}$` (what both OpenAI and Anthropic accept). */
  name: string;
  /** What it does and when to use it, for the model. */
  description: string;
  inputSchema: ToolInputSchema;
}

/** What a tool runs with: who asked, where, and a signal that a barge-in or an interrupt aborts. */
export interface ToolContext {
  userId: string;
  sessionId: string;
  /** The user's IANA time zone, as the browser says it; absent: the relay's. */
  timeZone?: string;
  /**
   * The conversation's language (BCP 47, the user's preference, e.g. `nl`): what a tool's words
   * for people (its question, its line in the transcript) are said in. Absent: English.
   */
  language?: string;
  /** Aborted when the turn is interrupted or abandoned: the tool stops where its protocol allows. */
  signal: AbortSignal;
  now: () => number;
}

/** What a tool gives back: text for the model, and a short line for the transcript. */
export interface ToolResult {
  /** What the model reads (text; a structured result as JSON text). */
  content: string;
  /** One line a person reads in the transcript and the history ("3 notes", "12:04"). */
  summary: string;
  /** The tool ran and failed in its own terms (a typed error told to the model in plain words). */
  isError?: boolean;
}

/**
 * Records a tool a provider runs itself (the offline responder, which has no model to call
 * tools): `run` is carried out as call `name` on `args`, announced on the wire and kept with the
 * turn like a model's call (its span, how it ended, its summary); null from `run`: no such tool.
 */
export type ToolRunRecorder = <T extends ToolResult | null>(
  name: string,
  args: Record<string, unknown>,
  run: () => Promise<T>,
) => Promise<T>;

/** One tool: its spec for the model, whether it only reads, and how to run it. */
export interface Tool extends ToolSpec {
  origin: ToolOrigin;
  /**
   * What a person calls it (an MCP tool's `title`, as the operator reviewed it): the question
   * before it runs is said from it ("Shall I cancel subscription?") rather than from its name.
   */
  title?: string;
  /**
   * True when running it changes nothing (a lookup, arithmetic). A tool that is not read-only
   * needs the user's confirmation before it runs and never runs from a speculative answer.
   */
  readOnly: boolean;
  /**
   * What running it on `args` would do, as the rest of "Shall I …?" (e.g. `add 'milk' to your
   * list`), for the question the user confirms: it must name every argument that matters (long
   * values shortened in the middle, `spokenValue`). Absent: the relay words one from the name
   * and every argument ("use add to list with item 'milk'"). Only asked of a tool that is not
   * read-only; `context` is the turn's (who asks, their clock and zone), to say what is meant
   * ("the note 'banana bread'" for an id).
   */
  action?(args: Record<string, unknown>, context: ToolContext): string | Promise<string>;
  /** Runs it on arguments already checked against `inputSchema`. Rejects with a RelayError. */
  run(args: Record<string, unknown>, context: ToolContext): Promise<ToolResult>;
}

/** The tools a user's turn may call (built-ins and the MCP tools enabled for them). */
export interface ToolSource {
  toolsFor(userId: string, signal: AbortSignal): Promise<readonly Tool[]>;
}

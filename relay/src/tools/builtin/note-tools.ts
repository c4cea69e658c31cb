import type { Note, NoteStore } from '../../storage/index.ts';
import type { Tool, ToolContext, ToolResult } from '../tool.ts';
import { validTimeZone } from './time-zone.ts';
import { boundedText, pick, refusal, removeNamed, textArg } from './tool-args.ts';
import { builtinToolWords } from './tool-words.ts';

/** The tools' words in the conversation's language. */
const wordsOf = (context: ToolContext) => builtinToolWords(context.language);

/** Most notes kept per user. */
export const MAX_NOTES = 200;
/** Longest note (characters). */
export const MAX_NOTE_CHARS = 500;

export interface NoteToolDeps {
  store: Pick<NoteStore, 'add' | 'list' | 'delete'>;
}

/** A note as the model reads it. */
function described(n: Note, context: ToolContext) {
  const timeZone = validTimeZone(context.timeZone);
  const saved = new Intl.DateTimeFormat('en-US', {
    dateStyle: 'medium',
    ...(timeZone === undefined ? {} : { timeZone }),
  }).format(n.createdAt);
  return { id: n.id, text: n.text, saved };
}

/**
 * `save_note`, `recall_notes` and `delete_note`: what the user asks the assistant to remember,
 * kept per user and recalled in any later conversation.
 */
export function noteTools(deps: NoteToolDeps): Tool[] {
  const { store } = deps;
  const save: Tool = {
    name: 'save_note',
    description:
      'Remembers something the user asks you to remember ("remember that my sister\'s name is ' +
      'Anna"), for every later conversation. Save it in the user\'s own words ("My sister\'s ' +
      'name is Anna"): they read their notes in Settings.',
    inputSchema: {
      type: 'object',
      properties: { text: { type: 'string', maxLength: MAX_NOTE_CHARS } },
      required: ['text'],
      additionalProperties: false,
    },
    origin: { kind: 'builtin' },
    readOnly: false,
    action: (args, context) => wordsOf(context).saveNote.action(textArg(args, 'text') ?? ''),
    async run(args, context) {
      const asked = boundedText(args, 'text', MAX_NOTE_CHARS);
      if (!asked.ok) return asked.refusal;
      const { text } = asked;
      // The cap is checked in the insert: parallel calls each counting first all passed it.
      const note = await store.add(context.userId, text, { max: MAX_NOTES });
      if (!note) return refusal(`There are already ${MAX_NOTES} notes: delete one first.`);
      return {
        content: JSON.stringify({ saved: described(note, context) }),
        summary: wordsOf(context).saveNote.done(text),
      };
    },
  };
  const recall: Tool = {
    name: 'recall_notes',
    description:
      'What the user asked you to remember in earlier conversations, newest first: all of it, ' +
      'or the notes containing a word ("sister"). Use it before saying you do not know ' +
      'something personal.',
    inputSchema: {
      type: 'object',
      properties: { query: { type: 'string', description: 'A word the notes contain.' } },
      additionalProperties: false,
    },
    origin: { kind: 'builtin' },
    readOnly: true,
    async run(args, context) {
      const notes = await store.list(context.userId, textArg(args, 'query'));
      return {
        content: JSON.stringify({ notes: notes.map((n) => described(n, context)) }),
        summary: wordsOf(context).notes(notes.length),
      };
    },
  };
  const remove: Tool = {
    name: 'delete_note',
    description: 'Forgets one note, by its id (from recall_notes) or by words of its text.',
    inputSchema: {
      type: 'object',
      properties: { id: { type: 'string' }, text: { type: 'string' } },
      additionalProperties: false,
    },
    origin: { kind: 'builtin' },
    readOnly: false,
    // The note meant, by its words: an id alone says nothing to the user.
    async action(args, context) {
      const id = textArg(args, 'id');
      const text = textArg(args, 'text');
      const found = pick(await store.list(context.userId), id, text);
      return wordsOf(context).deleteNote.action(
        found.ok
          ? found.item
          : { ...(text === undefined ? {} : { words: text }), ...(id === undefined ? {} : { id }) },
      );
    },
    async run(args, context) {
      const notes = await store.list(context.userId);
      const found = await removeNamed(notes, args, (id) => store.delete(context.userId, id));
      if (!found.ok) return found.refusal;
      return {
        content: JSON.stringify({ deleted: described(found.item, context) }),
        summary: wordsOf(context).deleteNote.done(found.item.text),
      };
    },
  };
  return [save, recall, remove];
}

/**
 * The paragraph {@link notesForPrompt} makes of what `recall_notes` gave (its result's content),
 * or null: no notes, or not its result.
 */
export function promptFromRecall(result: ToolResult | null): string | null {
  if (!result || result.isError === true) return null;
  try {
    const { notes } = JSON.parse(result.content) as { notes?: unknown };
    if (!Array.isArray(notes)) return null;
    const texts = notes.flatMap((n: unknown) =>
      typeof n === 'object' && n !== null && 'text' in n && typeof n.text === 'string'
        ? [{ text: n.text }]
        : [],
    );
    return notesForPrompt(texts);
  } catch {
    return null;
  }
}

/** Most notes and characters {@link notesForPrompt} puts in a system prompt. */
export const PROMPT_NOTES = { max: 10, maxChars: 1_000 } as const;

/**
 * The user's newest notes as a short paragraph for the system prompt, or null when they have
 * none: the model knows them without a tool round (a round costs a whole model call, ~0.5–1 s
 * of voice), while `recall_notes` still finds the older ones. Pure.
 */
export function notesForPrompt(notes: readonly Pick<Note, 'text'>[]): string | null {
  const lines: string[] = [];
  let chars = 0;
  for (const note of notes.slice(0, PROMPT_NOTES.max)) {
    if (chars + note.text.length > PROMPT_NOTES.maxChars) break;
    lines.push(`- ${note.text}`);
    chars += note.text.length;
  }
  if (lines.length === 0) return null;
  const more = notes.length > lines.length ? ' (older ones: recall_notes)' : '';
  return `What the user asked you to remember${more}:\n${lines.join('\n')}`;
}

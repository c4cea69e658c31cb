import type { ToolResult } from '../../../tools/tool.ts';
import type { ResponderCall } from './confirmation.ts';
import {
  forgetRequest,
  isAboutUser,
  isQuestion,
  notesAnswering,
  sameAs,
  type ForgetRequest,
} from './note-match.ts';
import type { RecallWords } from './recall-words.ts';
import type { ResponderWords } from './responder-words.ts';
import { readUnshown, run, type ToolAnswerContext } from './tool-answers.ts';

/** A note as `recall_notes` gives it. */
interface SavedNote {
  id: string;
  text: string;
}

/** Notes said back in one answer at most. */
const MAX_SAID = 5;

/** The notes of a `recall_notes` result, newest first; null: the tool failed or is missing. */
function notesOf(result: ToolResult | null): SavedNote[] | null {
  if (!result || result.isError === true) return null;
  return (JSON.parse(result.content) as { notes: SavedNote[] }).notes;
}

/** The user's notes, newest first (`recall_notes`, recorded with the turn); null: no such tool. */
async function savedNotes(ctx: ToolAnswerContext): Promise<SavedNote[] | null> {
  return notesOf(await run(ctx, 'recall_notes', {}));
}

/**
 * Whether a question's look in the notes is shown with the turn (`recall_notes`, on the wire and
 * stored): `always` for one about the user's own facts ("what is my sister called"), which the
 * notes are for; `when-answered` for any other ("what is the weather like today", "where is the
 * spare key"), which is the notes' only when one of them answers it.
 */
export type NotesLookup = 'always' | 'when-answered';

/** "What do you remember (about `query`)": every note, or every note about it, said back. */
export async function recallAnswer(
  query: string,
  ctx: ToolAnswerContext,
  words: ResponderWords,
): Promise<string> {
  const w = words.recall;
  const notes = await savedNotes(ctx);
  if (!notes) return words.lines.noTools;
  const found = query === '' ? notes : notesAnswering(query, notes, w, 'all').notes;
  if (found.length === 0)
    return query === '' ? w.lines.nothingYet : w.lines.nothingAbout(w.yourWords(query));
  const said = found.slice(0, MAX_SAID).map((n) => w.fact(n.text));
  return w.lines.remembered(said, found.length - said.length);
}

/**
 * What the notes say to a question about the user's own facts ("what is my sister called":
 * "You told me your sister is called Anna."): the answer, or null when none answers — with
 * whether the question named a subject at all (then "you haven't told me that" may be said).
 * Not a question, or no notes tool: nothing looked up. `lookup`: whether the look is shown with
 * the turn whatever it found, or only when a note answers (see {@link NotesLookup}).
 */
export async function notesAnswer(
  said: string,
  ctx: ToolAnswerContext,
  w: RecallWords,
  lookup: NotesLookup = 'always',
): Promise<{ answer: string | null; subject: boolean }> {
  if (!ctx.toolbox || !isQuestion(said, w)) return { answer: null, subject: false };
  // Nothing to look for ("what time is it"): no lookup, and no tool row in the transcript.
  if (!notesAnswering(said, [], w, 'best').subject) return { answer: null, subject: false };
  const read =
    lookup === 'always'
      ? { notes: await savedNotes(ctx), show: null }
      : await readUnshown(ctx, 'recall_notes', {}).then((r) => ({
          notes: notesOf(r?.result ?? null),
          show: r?.show ?? null,
        }));
  const found = notesAnswering(said, read.notes ?? [], w, 'best');
  if (found.notes.length > 0) await read.show?.();
  return {
    answer:
      found.notes.length > 0
        ? w.lines.toldMe(found.notes.slice(0, 3).map((n) => w.fact(n.text)))
        : null,
    subject: found.subject,
  };
}

/** Whether `said` is a question about the user ("my…", "I…"): notes are looked up first. */
export function ownQuestion(said: string, w: RecallWords): boolean {
  return isQuestion(said, w) && isAboutUser(said, w);
}

/**
 * Asked to remember `text` that a note already says (in other words or order): "I already
 * remember that…", so a fact said twice is not kept twice; null when it is new.
 */
export async function alreadyKnown(
  text: string,
  ctx: ToolAnswerContext,
  w: RecallWords,
): Promise<string | null> {
  const notes = await savedNotes(ctx);
  const same = notes ? sameAs(text, notes, w) : null;
  return same ? w.lines.alreadyKnown(w.fact(same.text)) : null;
}

/** The note a request to forget names (newest first in `notes`), or why there is none. */
function forgetTarget(
  request: ForgetRequest,
  notes: readonly SavedNote[],
  w: RecallWords,
): { note: SavedNote } | { said: string } {
  if (notes.length === 0) return { said: w.lines.nothingToForget };
  if (request.kind === 'last') return { note: notes[0] as SavedNote };
  const found = notesAnswering(request.words, notes, w, 'best').notes;
  if (found.length === 1 && found[0]) return { note: found[0] };
  if (found.length === 0) return { said: w.lines.nothingAbout(w.yourWords(request.words)) };
  return { said: w.lines.whichOne(found.slice(0, 3).map((n) => w.fact(n.text))) };
}

/**
 * "Forget that", "forget about my sister": the `delete_note` call for the note meant (the
 * relay asks the user, naming it, and runs it on their yes), or what to say when no note is
 * meant (none kept, none about it, several alike: which one); null when `said` asks no such
 * thing.
 */
export async function forgetMove(
  said: string,
  ctx: ToolAnswerContext,
  words: ResponderWords,
): Promise<{ call: ResponderCall } | { text: string } | null> {
  const w = words.recall;
  const request = forgetRequest(said, words.requests);
  if (!request) return null;
  const notes = await savedNotes(ctx);
  if (!notes) return { text: words.lines.noTools };
  const target = forgetTarget(request, notes, w);
  return 'note' in target
    ? { call: { name: 'delete_note', args: { id: target.note.id } } }
    : { text: target.said };
}

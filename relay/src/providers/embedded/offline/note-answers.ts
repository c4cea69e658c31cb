import type { ChatMessage } from '../../types.ts';
import {
  forgetRequest,
  isAboutUser,
  isQuestion,
  notesAnswering,
  sameAs,
  type ForgetRequest,
} from './note-match.ts';
import type { RecallWords } from './recall-words.ts';
import { secondPerson } from './requests.ts';
import { lowerFirst, NO_TOOLS, run, type ToolAnswerContext } from './tool-answers.ts';

/** A note as `recall_notes` gives it. */
interface SavedNote {
  id: string;
  text: string;
}

/** Notes said back in one answer at most. */
const MAX_SAID = 5;

/** The user's notes, newest first (`recall_notes`, recorded with the turn); null: no such tool. */
async function savedNotes(ctx: ToolAnswerContext): Promise<SavedNote[] | null> {
  const result = await run(ctx, 'recall_notes', {});
  if (!result || result.isError === true) return null;
  return (JSON.parse(result.content) as { notes: SavedNote[] }).notes;
}

/** A note as said to its user: "your sister is called Anna". */
const fact = (note: SavedNote) => lowerFirst(secondPerson(note.text));

/** "What do you remember (about `query`)": every note, or every note about it, said back. */
export async function recallAnswer(
  query: string,
  ctx: ToolAnswerContext,
  w: RecallWords,
): Promise<string> {
  const notes = await savedNotes(ctx);
  if (!notes) return NO_TOOLS;
  const found = query === '' ? notes : notesAnswering(query, notes, w, 'all').notes;
  if (found.length === 0)
    return query === '' ? w.lines.nothingYet : w.lines.nothingAbout(secondPerson(query));
  const said = found.slice(0, MAX_SAID).map(fact);
  return w.lines.remembered(said, found.length - said.length);
}

/**
 * What the notes say to a question about the user's own facts ("what is my sister called":
 * "You told me your sister is called Anna."): the answer, or null when none answers — with
 * whether the question named a subject at all (then "you haven't told me that" may be said).
 * Not a question, or no notes tool: nothing looked up.
 */
export async function notesAnswer(
  said: string,
  ctx: ToolAnswerContext,
  w: RecallWords,
): Promise<{ answer: string | null; subject: boolean }> {
  if (!ctx.toolbox || !isQuestion(said, w)) return { answer: null, subject: false };
  // Nothing to look for ("what time is it"): no lookup, and no tool row in the transcript.
  if (!notesAnswering(said, [], w, 'best').subject) return { answer: null, subject: false };
  const notes = await savedNotes(ctx);
  const found = notesAnswering(said, notes ?? [], w, 'best');
  return {
    answer: found.notes.length > 0 ? w.lines.toldMe(found.notes.slice(0, 3).map(fact)) : null,
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
  return same ? w.lines.alreadyKnown(fact(same)) : null;
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
  if (found.length === 0) return { said: w.lines.nothingAbout(secondPerson(request.words)) };
  return { said: w.lines.whichOne(found.slice(0, 3).map(fact)) };
}

/**
 * "Forget that", "forget about my sister": the question naming the note to forget (it is
 * forgotten on the user's yes), or why no note is; null when `said` asks no such thing.
 */
export async function forgetAnswer(
  said: string,
  ctx: ToolAnswerContext,
  w: RecallWords,
): Promise<string | null> {
  const request = forgetRequest(said);
  if (!request) return null;
  const notes = await savedNotes(ctx);
  if (!notes) return NO_TOOLS;
  const target = forgetTarget(request, notes, w);
  return 'note' in target ? w.lines.forgetQuestion(fact(target.note)) : target.said;
}

/**
 * The user answered the responder's question about forgetting a note: on a yes (`yes`) it is
 * deleted, on a no (`no`) kept. Read from the conversation (the responder keeps no state): the
 * request before the question, its note found again, and the question as the user heard it
 * (cut short, its start is enough). Null when the last reply asked no such question, or the
 * answer is neither.
 */
export async function forgetDecided(
  history: readonly ChatMessage[],
  decision: { yes: boolean; no: boolean },
  ctx: ToolAnswerContext,
  w: RecallWords,
): Promise<string | null> {
  const last = history.length - 1;
  const asked = history[last - 1];
  const before = history[last - 2];
  if (history[last]?.role !== 'user' || asked?.role !== 'assistant' || before?.role !== 'user')
    return null;
  const request = forgetRequest(before.content);
  if (!request || (!decision.yes && !decision.no)) return null;
  const heard = asked.content.trim().replace(/[\s—–-]+$/, '');
  const notes = await savedNotes(ctx);
  if (!notes) return NO_TOOLS;
  const target = forgetTarget(request, notes, w);
  // The notes changed since (another tab): the question was about another note.
  if (!('note' in target) || !w.lines.forgetQuestion(fact(target.note)).startsWith(heard))
    return null;
  if (decision.no) return w.lines.kept;
  const deleted = await run(ctx, 'delete_note', { id: target.note.id });
  if (!deleted) return NO_TOOLS;
  if (deleted.isError === true) return w.lines.nothingToForget;
  return w.lines.forgot(fact(target.note));
}

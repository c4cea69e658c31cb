/**
 * What to append to a reply the LLM broke off, so that the cut shows and the apology does not run
 * into the words before it: after a finished sentence, a space and the apology; after an
 * unfinished one, a dash first ("You said: what time is — Sorry, …"). `reply` is what was
 * already sent; only text is appended (the client has the rest). Pure.
 */
export function endOfCutReply(reply: string, apology: string): string {
  const trimmed = reply.trimEnd();
  const gap = trimmed.length < reply.length || trimmed === '' ? '' : ' ';
  const finished = /[.!?…]["'”’)\]]*$/.test(trimmed);
  return `${gap}${finished ? '' : '— '}${apology}`;
}

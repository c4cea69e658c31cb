/**
 * A tool's arguments as the model sent them: checked against the tool's schema by the caller,
 * read here without trusting that (a model may still send a number as a string).
 */
export function textArg(args: Record<string, unknown>, name: string): string | undefined {
  const value = args[name];
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text === '' ? undefined : text;
}

/** A number argument, or one written as digits; undefined when absent or not a number. */
export function numberArg(args: Record<string, unknown>, name: string): number | undefined {
  const value = args[name];
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/**
 * The text argument `name`, 1 to `max` characters once trimmed; else the refusal to give the
 * model.
 */
export function boundedText(
  args: Record<string, unknown>,
  name: string,
  max: number,
): { ok: true; text: string } | { ok: false; refusal: ReturnType<typeof refusal> } {
  const text = textArg(args, name);
  return text === undefined || text.length > max
    ? { ok: false, refusal: refusal(`${name} must be 1 to ${max} characters.`) }
    : { ok: true, text };
}

/**
 * Removes the one item of `items` named by the arguments `id` or `text` (words of its text)
 * with `remove`: the item removed, or the refusal to give the model (none or several match,
 * or it was gone already). Pure but for `remove`.
 */
export async function removeNamed<T extends { id: string; text: string }>(
  items: readonly T[],
  args: Record<string, unknown>,
  remove: (id: string) => Promise<boolean>,
): Promise<{ ok: true; item: T } | { ok: false; refusal: ReturnType<typeof refusal> }> {
  const found = pick(items, textArg(args, 'id'), textArg(args, 'text'));
  if (!found.ok) return { ok: false, refusal: refusal(found.message) };
  if (!(await remove(found.item.id)))
    return { ok: false, refusal: refusal('That one is gone already.') };
  return found;
}

/**
 * The one item named by `id`, or whose text contains `words` (whatever the case); else why
 * none is (no match, or several: the model asks which). Pure.
 */
export function pick<T extends { id: string; text: string }>(
  items: readonly T[],
  id: string | undefined,
  words: string | undefined,
): { ok: true; item: T } | { ok: false; message: string } {
  if (id !== undefined) {
    const item = items.find((i) => i.id === id);
    return item ? { ok: true, item } : { ok: false, message: `Nothing has the id ${id}.` };
  }
  if (words === undefined) return { ok: false, message: 'Give its id or words of its text.' };
  const lower = words.toLowerCase();
  const matches = items.filter((i) => i.text.toLowerCase().includes(lower));
  const [only, ...others] = matches;
  if (only === undefined) return { ok: false, message: `Nothing mentions "${words}".` };
  if (others.length > 0)
    return {
      ok: false,
      message: `${matches.length} mention "${words}": ${matches.map((m) => `"${m.text}" (${m.id})`).join(', ')}. Which one?`,
    };
  return { ok: true, item: only };
}

/** A result the model reads as a failure, in plain words (the tool ran; what was asked cannot be). */
export function refusal(
  message: string,
  summary = message,
): {
  content: string;
  summary: string;
  isError: true;
} {
  return { content: JSON.stringify({ error: message }), summary, isError: true };
}

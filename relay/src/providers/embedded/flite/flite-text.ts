/**
 * Pure text preparation for Flite: what may reach its command line, and how long text is cut into
 * pieces that are synthesised one after another (so the first audio comes early).
 */

/** Result of {@link sanitizeForFlite}. */
export interface SanitizedText {
  /** Text safe to pass as Flite's `-t` argument; empty when there is nothing to speak. */
  text: string;
  /** True when the input was cut to `maxChars`. */
  truncated: boolean;
}

// Control and format characters (C0/C1, zero-width, bidi overrides), line/paragraph separators and
// lone surrogates: none is speakable, and NUL cannot travel in an argv string at all.
const UNSPEAKABLE = /[\p{Cc}\p{Cf}\p{Cs}\u2028\u2029]/gu;
const SPEAKABLE = /[\p{L}\p{N}]/u;

/**
 * Normalises text for Flite's `-t` argument: NFKC, unspeakable characters to spaces, whitespace
 * collapsed, at most `maxChars` characters (cut at a word boundary when there is one nearby).
 * Text without a letter or digit becomes empty. Leading '-' is kept: Flite takes the argument
 * after `-t` verbatim, so "--help" is spoken, not obeyed.
 */
export function sanitizeForFlite(input: string, maxChars: number): SanitizedText {
  let text = input.normalize('NFKC').replace(UNSPEAKABLE, ' ').replace(/\s+/g, ' ').trim();
  if (!SPEAKABLE.test(text)) return { text: '', truncated: false };
  const truncated = text.length > maxChars;
  if (truncated) {
    const cut = text.slice(0, maxChars);
    const space = cut.lastIndexOf(' ');
    text = (space > maxChars * 0.8 ? cut.slice(0, space) : cut).trim();
    // Do not leave a dangling high surrogate after a hard cut.
    text = text.replace(/\p{Cs}$/u, '');
  }
  return { text, truncated };
}

/**
 * Splits text into pieces of at most `maxChars`, preferring sentence ends, then clause breaks,
 * then spaces. Text that fits is returned whole (one piece keeps Flite's prosody intact).
 */
export function splitForSynthesis(text: string, maxChars: number): string[] {
  if (text.length <= maxChars) return text ? [text] : [];
  const pieces: string[] = [];
  for (const sentence of text.split(/(?<=[.!?;:])\s+/)) {
    for (const clause of sentence.length > maxChars ? sentence.split(/(?<=,)\s+/) : [sentence]) {
      for (const part of clause.length > maxChars ? clause.split(' ') : [clause]) {
        for (let i = 0; i < part.length; i += maxChars)
          append(pieces, part.slice(i, i + maxChars), maxChars);
      }
    }
  }
  return pieces;
}

/** Appends `part` to the last piece when both fit in `maxChars`, else starts a new piece. */
function append(pieces: string[], part: string, maxChars: number): void {
  if (!part) return;
  const last = pieces[pieces.length - 1];
  if (last !== undefined && last.length + 1 + part.length <= maxChars)
    pieces[pieces.length - 1] = `${last} ${part}`;
  else pieces.push(part);
}

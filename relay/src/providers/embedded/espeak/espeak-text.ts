import { sanitizeForFlite, type SanitizedText } from '../flite/flite-text.ts';

/**
 * Text as eSpeak NG may be given it: what Flite may be given (no control characters, whitespace
 * collapsed, cut at `maxChars`), with the marks eSpeak would obey instead of saying escaped. The
 * build reads SSML (`<voice>`, `<audio>`… in a model's reply would be obeyed) and phoneme input
 * between `[[` and `]]`: the angle brackets and ampersand become entities, and a `[[` is broken.
 */
export function textForEspeak(input: string, maxChars: number): SanitizedText {
  const { text, truncated } = sanitizeForFlite(input, maxChars);
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\[\[/g, '[ [');
  return { text: escaped, truncated };
}

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

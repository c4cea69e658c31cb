import type { z } from 'zod';
import { RelayError } from '../errors.ts';

/**
 * A request body (`text`) read as JSON by `schema`, or a `bad-message` error: `notJson` when it
 * is not JSON, else the first field at fault and what is wrong with it (`voice: Required`).
 */
export function parseBody<S extends z.ZodType>(
  text: string,
  schema: S,
  notJson: string,
): z.output<S> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw RelayError.badMessage(notJson);
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  throw RelayError.badMessage(`${where}${issue?.message ?? 'Invalid body.'}`);
}

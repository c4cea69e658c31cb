import { zValidator } from '@hono/zod-validator';
import type { z } from 'zod';
import { RelayError } from '../errors.ts';

// What a request carries, read and checked at the edge: a refusal is a `bad-message` error
// whose message says what is at fault.

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

/** A zod-validated query (`c.req.valid('query')`); the first problem is the error's message. */
export const validQuery = <S extends z.ZodType>(schema: S) =>
  zValidator('query', schema, (result) => {
    if (!result.success)
      throw RelayError.badMessage(result.error.issues[0]?.message ?? 'Invalid query.');
  });

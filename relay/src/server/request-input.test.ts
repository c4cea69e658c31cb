import { describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { z } from 'zod';
import { RelayError } from '../errors.ts';
import { parseBody, validQuery } from './request-input.ts';

const schema = z.strictObject({ voice: z.string(), pace: z.number().min(0.5) });

/** The error `parseBody` throws for `text`. */
function refusal(text: string): RelayError {
  try {
    parseBody(text, schema, 'The body must be the voice, as JSON.');
  } catch (err) {
    if (err instanceof RelayError) return err;
    throw err;
  }
  throw new Error('expected the body to be refused');
}

describe('parseBody', () => {
  it('reads a body that fits the schema', () => {
    expect(parseBody('{"voice":"slt","pace":1}', schema, 'not JSON')).toEqual({
      voice: 'slt',
      pace: 1,
    });
  });

  it('refuses what is not JSON in the words it is given, as a bad message', () => {
    const err = refusal('{voice');
    expect(err.code).toBe('bad-message');
    expect(err.message).toBe('The body must be the voice, as JSON.');
  });

  it('names the first field at fault and what is wrong with it', () => {
    expect(refusal('{"voice":"slt","pace":0.1}').message).toMatch(/^pace: /);
    expect(refusal('[]').message).not.toMatch(/^: /);
  });
});

describe('validQuery', () => {
  const app = new Hono()
    .get('/x', validQuery(z.object({ limit: z.coerce.number().int().min(1) })), (c) =>
      c.json(c.req.valid('query')),
    )
    .onError((err, c) =>
      c.text(err instanceof RelayError ? `${err.code}: ${err.message}` : 'not a RelayError', 400),
    );

  it('hands the route its query, read by the schema', async () => {
    expect(await (await app.request('/x?limit=3')).json()).toEqual({ limit: 3 });
  });

  it('refuses a query that does not fit as a bad message, saying the first problem', async () => {
    const text = await (await app.request('/x?limit=0')).text();
    expect(text).toMatch(/^bad-message: ./);
  });
});

import { describe, expect, it } from 'vitest';
import { endOfCutReply } from './cut-reply.ts';

const SORRY = 'Sorry, I lost my train of thought.';
const cut = (reply: string) => reply + endOfCutReply(reply, SORRY);

describe('endOfCutReply', () => {
  it('ends a sentence cut mid-way with a dash before the apology', () => {
    expect(cut('You said: what time is ')).toBe(`You said: what time is — ${SORRY}`);
    expect(cut('You said: what time is')).toBe(`You said: what time is — ${SORRY}`);
    expect(cut('It is three, and')).toBe(`It is three, and — ${SORRY}`);
  });

  it('adds only a space after a finished sentence', () => {
    expect(cut('It is late. ')).toBe(`It is late. ${SORRY}`);
    expect(cut('Is it late?')).toBe(`Is it late? ${SORRY}`);
    expect(cut('He said “stop.”')).toBe(`He said “stop.” ${SORRY}`);
  });
});

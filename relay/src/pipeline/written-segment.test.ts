import { describe, expect, it } from 'vitest';
import { WrittenSegment } from './written-segment.ts';

const signal = new AbortController().signal;

async function read(text: WrittenSegment, s = signal): Promise<string[]> {
  const pieces: string[] = [];
  for await (const piece of text.pieces(s)) pieces.push(piece);
  return pieces;
}

describe('WrittenSegment', () => {
  it('gives each reader its words from the start as they come, then its last piece', async () => {
    const text = new WrittenSegment();
    text.add('That is');
    const first = read(text);
    text.add('a good');
    expect(text.soFar).toBe('That is a good');
    expect(text.whole).toBeNull();
    text.finish('That is a good question.');
    expect(await first).toEqual(['That is ', 'a good ', 'question. ']);
    // A voice taking over reads it again, whole.
    expect(await read(text)).toEqual(['That is ', 'a good ', 'question. ']);
    expect(await text.written(signal)).toBe('That is a good question.');
    expect(text.whole).toBe('That is a good question.');
  });

  it('throws to its readers when its writing broke off, or their signal aborts', async () => {
    const text = new WrittenSegment();
    text.add('That is');
    const reading = read(text);
    const waiting = text.written(signal);
    text.fail(new Error('the user spoke'));
    await expect(reading).rejects.toThrow('the user spoke');
    await expect(waiting).rejects.toThrow('the user spoke');

    const other = new WrittenSegment();
    const abort = new AbortController();
    const stopped = read(other, abort.signal);
    abort.abort(new Error('gone'));
    await expect(stopped).rejects.toThrow('gone');
  });
});

import { describe, expect, it } from 'vitest';
import type { WrittenText } from '../providers/stages/tts.ts';
import { ReplySegments, type SpokenPart } from './reply-segments.ts';

/** What the speaking part is handed: whole texts, segments handed over while written, asides. */
async function handed(
  segments: ReplySegments,
): Promise<(string | { written: string } | { aside: string })[]> {
  const out: SpokenPart[] = [];
  for await (const s of segments.spoken) out.push(s);
  return out.map((s) =>
    typeof s === 'string' || 'aside' in s ? s : { written: s.whole ?? `${s.soFar}…` },
  );
}

/** The next segment handed over, which must be one being written. */
async function nextWritten(segments: ReplySegments): Promise<WrittenText> {
  const next = await segments.spoken[Symbol.asyncIterator]().next();
  const value: SpokenPart | undefined = next.done ? undefined : next.value;
  if (value === undefined || typeof value === 'string' || 'aside' in value)
    throw new Error('not being written');
  return value;
}

const REPLY = 'That is a good question, and the short answer is yes. More follows.';

/** Streams `text` word by word into `segments`, then ends it. */
function write(segments: ReplySegments, text: string): void {
  for (const word of text.match(/\S+\s*/g) ?? []) segments.push(word);
  segments.flush();
  segments.close();
}

describe('ReplySegments', () => {
  it('hands an aside over after what was written, apart from it, and counts every part', async () => {
    const segments = new ReplySegments(false);
    for (const word of ['Let ', 'me ', 'check.']) segments.push(word);
    segments.aside("One moment, I'm checking.");
    segments.push('It is sunny.');
    segments.flush();
    segments.close();
    expect(segments.handed).toBe(3);
    expect(await handed(segments)).toEqual([
      'Let me check.',
      { aside: "One moment, I'm checking." },
      'It is sunny.',
    ]);
  });

  it('hands over a first clause, then sentences, each once whole', async () => {
    const segments = new ReplySegments(false);
    write(segments, REPLY);
    expect(await handed(segments)).toEqual([
      'That is a good question,',
      'and the short answer is yes.',
      'More follows.',
    ]);
  });

  it('hands each segment over at its first words to a voice that takes text as it streams', async () => {
    const segments = new ReplySegments(true);
    segments.push('That is ');
    const first = await nextWritten(segments);
    expect(first.soFar).toBe('That is');
    write(segments, 'a good question, and the short answer is yes. More follows.');
    expect(await handed(segments)).toEqual([
      { written: 'and the short answer is yes.' },
      { written: 'More follows.' },
    ]);
    expect(first.whole).toBe('That is a good question,');
  });

  it('says an apology after what was written, and fails the segment being written', async () => {
    const cut = new ReplySegments(true);
    cut.push('That is a good question, and the ');
    cut.add('Sorry.');
    cut.close();
    // The clause came whole in one piece: handed over whole; the rest as it was written.
    expect(await handed(cut)).toEqual([
      'That is a good question,',
      { written: 'and the' },
      'Sorry.',
    ]);

    const aborted = new ReplySegments(true);
    aborted.push('That is a ');
    const segment = await nextWritten(aborted);
    aborted.fail(new Error('the user spoke'));
    await expect(segment.written(new AbortController().signal)).rejects.toThrow('the user spoke');
  });
});

import { describe, expect, it } from 'vitest';
import { OutJournal } from './out-journal.ts';

const frame = (fill: number, n = 3200) => new Uint8Array(n).fill(fill);

describe('OutJournal', () => {
  it('gives back what was sent after a seq, text and audio in order, as copies', () => {
    const j = new OutJournal();
    const sent = frame(7);
    j.add(0, 1, '{"type":"transcript.final"}');
    j.add(1, 1, sent);
    j.add(2, 1, '{"type":"turn.done"}');
    j.add(3, 1, frame(8, 100));
    // The frame handed to the socket may be reused or freed: the journal has its own copy.
    sent.fill(0);
    expect(j.after(0)).toEqual([frame(7), '{"type":"turn.done"}', frame(8, 100)]);
    expect(j.after(2)).toEqual([frame(8, 100)]);
    expect(j.all().map((e) => e.seq)).toEqual([0, 1, 2, 3]);
    expect(j.size).toBe(27 + 3200 + 20 + 100);
  });

  it('keeps only the current and the previous turn', () => {
    const j = new OutJournal();
    let seq = 0;
    for (let turn = 1; turn <= 5; turn++)
      for (let i = 0; i < 30; i++) j.add(seq++, turn, frame(turn));
    expect(new Set(j.all().map((e) => e.turnId))).toEqual(new Set([4, 5]));
    expect(j.after(-1)).toHaveLength(60);
    expect(j.after(-1)[0]).toEqual(frame(4));
    expect(j.size).toBe(60 * 3200);
  });

  it('drops the oldest entries past its byte bound', () => {
    const j = new OutJournal(10_000);
    for (let seq = 0; seq < 5; seq++) j.add(seq, 1, frame(seq));
    expect(j.all().map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(j.after(-1)).toEqual([frame(2), frame(3), frame(4)]);
    expect(j.size).toBe(9600);
  });

  it('lets go of what the client confirms it has, text and audio, and keeps the rest', () => {
    const j = new OutJournal();
    j.add(0, 1, '{"type":"transcript.final"}');
    for (let seq = 1; seq <= 10; seq++) j.add(seq, 1, frame(seq));
    j.add(11, 1, '{"type":"turn.done"}');
    j.confirm(6);
    expect(j.all().map((e) => e.seq)).toEqual([7, 8, 9, 10, 11]);
    expect(j.after(6)).toEqual([frame(7), frame(8), frame(9), frame(10), '{"type":"turn.done"}']);
    expect(j.size).toBe(4 * 3200 + 20);
    // A stale or repeated confirmation changes nothing.
    j.confirm(3);
    expect(j.all()).toHaveLength(5);
    j.confirm(11);
    expect(j.all()).toEqual([]);
    expect(j.size).toBe(0);
    j.add(12, 2, frame(12));
    expect(j.after(11)).toEqual([frame(12)]);
  });

  it('keeps text as it was sent, whatever its characters', () => {
    const j = new OutJournal();
    const text = '{"text":"Grüße, 你好 👋"}';
    j.add(0, 1, text);
    expect(j.after(-1)).toEqual([text]);
    expect(j.size).toBe(Buffer.byteLength(text));
  });

  it('keeps order while its ring wraps around and grows', () => {
    const j = new OutJournal();
    let seq = 0;
    // 50 kept, 40 confirmed, then 100 more: the ring wraps, then has to grow.
    for (; seq < 50; seq++) j.add(seq, 1, seq % 2 ? frame(seq % 256, 10) : `{"n":${seq}}`);
    j.confirm(39);
    for (; seq < 150; seq++) j.add(seq, 1, seq % 2 ? frame(seq % 256, 10) : `{"n":${seq}}`);
    const expected = [];
    for (let s = 40; s < 150; s++) expected.push(s % 2 ? frame(s % 256, 10) : `{"n":${s}}`);
    expect(j.after(-1)).toEqual(expected);
    expect(j.all().map((e) => e.seq)).toEqual(expected.map((_, i) => 40 + i));
  });
});

import { describe, expect, it } from 'vitest';
import { MAX_RESULT_CHARS, toolResultOf } from './mcp-result.ts';

describe('an MCP result, for the model and the transcript', () => {
  it('is its text, and its first line for people', () => {
    expect(
      toolResultOf({ content: [{ type: 'text', text: 'The sum is 6912.\nWorked it out.' }] }),
    ).toEqual({ content: 'The sum is 6912.\nWorked it out.', summary: 'The sum is 6912.' });
  });

  it('cuts a long answer, saying so, and keeps the summary to one short line', () => {
    const text = 'word '.repeat(5000);
    const r = toolResultOf({ content: [{ type: 'text', text }] });
    expect(r.content.length).toBeLessThan(MAX_RESULT_CHARS + 60);
    expect(r.content).toMatch(/… \(cut: \d+ more characters\)$/);
    expect(r.summary.length).toBeLessThanOrEqual(100);
    expect(r.summary.endsWith('…')).toBe(true);
  });

  it('names images, audio and files with their size instead of passing them on', () => {
    const png = Buffer.alloc(3000).toString('base64');
    const r = toolResultOf({
      content: [
        { type: 'text', text: 'Here it is.' },
        { type: 'image', data: png, mimeType: 'image/png' },
        { type: 'audio', data: 'AAAA', mimeType: 'audio/wav' },
        { type: 'resource', resource: { uri: 'file:///a.bin', blob: 'AAAA' } },
        { type: 'resource', resource: { uri: 'file:///a.txt', text: 'inside' } },
        { type: 'resource_link', uri: 'file:///b.txt', name: 'b.txt' },
      ],
    });
    expect(r.content).toBe(
      [
        'Here it is.',
        '[image, image/png, 2.9 KB]',
        '[audio, audio/wav, 3 B]',
        '[resource <file:///a.bin>, binary, 3 B]',
        '[resource <file:///a.txt>]\ninside',
        '[resource link: b.txt <file:///b.txt>]',
      ].join('\n'),
    );
    expect(r.summary).toBe('Here it is. (+1 image, 1 audio clip, 1 file, 1 link)');
  });

  it('is its structured content as JSON when it has no text', () => {
    const r = toolResultOf({ content: [], structuredContent: { total: 3 } });
    expect(r).toEqual({ content: '{"total":3}', summary: '{"total":3}' });
    expect(toolResultOf({ content: [] })).toEqual({
      content: '(the tool returned nothing)',
      summary: 'no result',
    });
  });

  it('stays an error when the server marked it one, its code left out of the summary', () => {
    const r = toolResultOf({
      content: [
        { type: 'text', text: 'MCP error -32602: Input validation error: a is not a number' },
      ],
      isError: true,
    });
    expect(r).toEqual({
      content: 'MCP error -32602: Input validation error: a is not a number',
      summary: 'failed: Input validation error: a is not a number',
      isError: true,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { toolLines } from './tool-lines.ts';

describe('toolLines', () => {
  it('prints each call with its arguments, status, summary and time, then what was heard', () => {
    expect(
      toolLines(
        [
          {
            callId: 'c1',
            name: 'everything_get-sum',
            arguments: '{"a":1,"b":2}',
            status: 'done',
            summary: 'The sum of 1 and 2 is 3.',
            ms: 12.4,
          },
          { callId: 'c2', name: 'slow', arguments: '{}', status: null, summary: '', ms: null },
        ],
        [{ names: ['slow'], progress: 'spoken', text: "One moment, I'm checking." }],
      ),
    ).toEqual([
      'tool:  everything_get-sum {"a":1,"b":2} → done: The sum of 1 and 2 is 3. (12 ms)',
      'tool:  slow {} → no result',
      "hold:  “One moment, I'm checking.” (said while slow ran)",
    ]);
  });

  it('cuts long arguments and names the earcon', () => {
    const [call, hold] = toolLines(
      [
        {
          callId: 'c',
          name: 'n',
          arguments: 'x'.repeat(200),
          status: 'failed',
          summary: '',
          ms: 3,
        },
      ],
      [{ names: ['n'], progress: 'earcon' }],
    );
    expect(call).toBe(`tool:  n ${'x'.repeat(120)}… → failed (3 ms)`);
    expect(hold).toBe('hold:  earcon (while n ran)');
  });

  it('says when the line covered a model slow to its first word (no tool ran)', () => {
    expect(
      toolLines(
        [],
        [
          { names: [], progress: 'spoken', text: "One moment, I'm checking." },
          { names: [], progress: 'earcon' },
        ],
      ),
    ).toEqual([
      "hold:  “One moment, I'm checking.” (said while the model was slow)",
      'hold:  earcon (while the model was slow)',
    ]);
  });
});

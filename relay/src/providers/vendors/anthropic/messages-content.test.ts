import { describe, expect, it } from 'vitest';
import { alternating } from './messages-content.ts';

describe('alternating (Anthropic messages)', () => {
  it('sends plain turns as text, merged by role, from the first user message', () => {
    expect(
      alternating([
        { role: 'system', content: 'ignored' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'one' },
        { role: 'user', content: 'two' },
        { role: 'assistant', content: '' },
      ]),
    ).toEqual([{ role: 'user', content: 'one\ntwo' }]);
  });

  it('makes tool calls tool_use blocks and their results one user turn of tool_result blocks', () => {
    expect(
      alternating([
        { role: 'user', content: 'add' },
        {
          role: 'assistant',
          content: 'Adding.',
          toolCalls: [
            { id: 'a', name: 'add', arguments: '{"a":1}' },
            { id: 'b', name: 'add', arguments: 'not json' },
          ],
        },
        { role: 'tool', callId: 'a', name: 'add', content: '1' },
        { role: 'tool', callId: 'b', name: 'add', content: 'Not JSON.', isError: true },
      ]),
    ).toEqual([
      { role: 'user', content: 'add' },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Adding.' },
          { type: 'tool_use', id: 'a', name: 'add', input: { a: 1 } },
          { type: 'tool_use', id: 'b', name: 'add', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'a', content: '1' },
          { type: 'tool_result', tool_use_id: 'b', content: 'Not JSON.', is_error: true },
        ],
      },
    ]);
  });

  it('drops a result whose call went with the messages before the first user turn', () => {
    expect(
      alternating([
        { role: 'assistant', content: '', toolCalls: [{ id: 'a', name: 'add', arguments: '{}' }] },
        { role: 'tool', callId: 'a', name: 'add', content: '1' },
        { role: 'user', content: 'and now?' },
      ]),
    ).toEqual([{ role: 'user', content: 'and now?' }]);
  });
});

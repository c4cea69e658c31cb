import { describe, expect, it } from 'vitest';
import { openAiMessages, ToolCallAssembly } from './chat-tools.ts';

describe('ToolCallAssembly (OpenAI tool_calls deltas)', () => {
  it('puts interleaved calls together by index, in index order, once', () => {
    const calls = new ToolCallAssembly();
    calls.add([{ index: 1, id: 'b', type: 'function', function: { name: 'sub', arguments: '' } }]);
    calls.add([
      { index: 0, id: 'a', type: 'function', function: { name: 'add', arguments: '{"a"' } },
    ]);
    calls.add([{ index: 1, function: { arguments: '{}' } }]);
    calls.add([{ index: 0, function: { name: 'add', arguments: ':1}' } }]);
    expect(calls.take()).toEqual([
      { id: 'a', name: 'add', arguments: '{"a":1}' },
      { id: 'b', name: 'sub', arguments: '{}' },
    ]);
    expect(calls.take()).toEqual([]);
  });

  it('takes a call sent whole without index or id, its arguments as an object', () => {
    const calls = new ToolCallAssembly();
    calls.add([{ function: { name: 'add', arguments: { a: 1 } } }]);
    expect(calls.take()).toEqual([{ id: 'call_0', name: 'add', arguments: '{"a":1}' }]);
  });
});

describe('openAiMessages', () => {
  it('sends an assistant that only called tools with null content, and results by call id', () => {
    expect(
      openAiMessages([
        { role: 'assistant', content: '', toolCalls: [{ id: 'a', name: 'add', arguments: '{}' }] },
        { role: 'tool', callId: 'a', name: 'add', content: '1' },
        { role: 'assistant', content: 'One.' },
      ]),
    ).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'a', type: 'function', function: { name: 'add', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'a', content: '1' },
      { role: 'assistant', content: 'One.' },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { contextRefusal } from './context-refusal.ts';

const body = (error: Record<string, unknown>, outer: Record<string, unknown> = {}) =>
  JSON.stringify({ ...outer, error });

describe('contextRefusal', () => {
  it("reads OpenAI's context_length_exceeded, with the model's context size", () => {
    const said = body({
      message:
        "This model's maximum context length is 8192 tokens. However, your messages resulted in 8545 tokens. Please reduce the length of the messages.",
      type: 'invalid_request_error',
      param: 'messages',
      code: 'context_length_exceeded',
    });
    expect(contextRefusal(400, said)).toEqual({ contextTokens: 8192 });
    expect(contextRefusal(400, body({ code: 'context_length_exceeded' }))).toEqual({});
  });

  it("reads llama.cpp server's exceed_context_size_error, old wording and new", () => {
    const said = body({
      code: 400,
      message: 'request (4476 tokens) exceeds the available context size (4096 tokens)',
      type: 'exceed_context_size_error',
      n_prompt_tokens: 4476,
      n_ctx: 4096,
    });
    expect(contextRefusal(400, said)).toEqual({ contextTokens: 4096 });
    const older = body({
      code: 400,
      message: 'the request exceeds the available context size, try increasing it',
      type: 'exceed_context_size_error',
    });
    expect(contextRefusal(400, older)).toEqual({});
  });

  it("reads Anthropic's prompt is too long", () => {
    const said = body(
      {
        type: 'invalid_request_error',
        message: 'prompt is too long: 215432 tokens > 200000 maximum',
      },
      { type: 'error' },
    );
    expect(contextRefusal(400, said)).toEqual({ contextTokens: 200000 });
  });

  it('leaves every other error a failure', () => {
    const otherInvalid = body({
      type: 'invalid_request_error',
      message: 'max_tokens: 10000 > 4096, which is the maximum allowed number of output tokens',
    });
    expect(contextRefusal(400, otherInvalid)).toBeNull();
    expect(contextRefusal(400, body({ code: 'invalid_api_key', message: 'bad key' }))).toBeNull();
    expect(contextRefusal(400, 'prompt is too long')).toBeNull();
    expect(contextRefusal(400, '<html>Bad Request</html>')).toBeNull();
    expect(contextRefusal(500, body({ code: 'context_length_exceeded' }))).toBeNull();
    expect(contextRefusal(400, JSON.stringify({ error: 'context_length_exceeded' }))).toBeNull();
  });
});

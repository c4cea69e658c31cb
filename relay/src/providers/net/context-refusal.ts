import { z } from 'zod';

/**
 * The error body of a provider that refuses a request because it does not fit the model's
 * context: OpenAI and the servers that copy its errors (`error.code: "context_length_exceeded"`),
 * llama.cpp's server (`error.type: "exceed_context_size_error"`, with `n_ctx`), and Anthropic
 * (`error.type: "invalid_request_error"`, "prompt is too long: N tokens > M maximum").
 */
const errorBody = z.object({
  error: z.object({
    code: z.union([z.string(), z.number()]).nullish(),
    type: z.string().nullish(),
    message: z.string().nullish(),
    /** llama.cpp's server: the context size of its slot (tokens). */
    n_ctx: z.number().int().positive().nullish(),
  }),
});

/** What a refusal says of the model's context; `contextTokens` when the provider named it. */
export interface ContextRefusal {
  contextTokens?: number;
}

/**
 * Whether an HTTP error answer (`status`, `body` as sent) is the provider saying the request does
 * not fit the model's context, and the context size (tokens) when it says so; null for any other
 * error. Only shapes the providers document are recognised: a 400 that merely mentions tokens is
 * left a failure.
 */
export function contextRefusal(status: number, body: string): ContextRefusal | null {
  if (status !== 400) return null;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  const parsed = errorBody.safeParse(json);
  if (!parsed.success) return null;
  const { code, type, message, n_ctx: nCtx } = parsed.data.error;
  const said = message ?? '';
  if (code === 'context_length_exceeded')
    return withTokens(/maximum context length is (\d+) tokens/i.exec(said)?.[1]);
  if (type === 'exceed_context_size_error')
    return withTokens(nCtx ?? /context size \((\d+) tokens\)/.exec(said)?.[1]);
  if (type === 'invalid_request_error' && /^prompt is too long\b/i.test(said))
    return withTokens(/> (\d+) maximum/.exec(said)?.[1]);
  return null;
}

function withTokens(tokens: number | string | undefined): ContextRefusal {
  const n = Number(tokens);
  return tokens !== undefined && Number.isSafeInteger(n) && n > 0 ? { contextTokens: n } : {};
}

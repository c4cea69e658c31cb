import { z } from 'zod';
import { joinUrl } from '../../net/http.ts';
import { fetchModelList } from '../../net/model-list.ts';
import { defineFamily, type ProviderKindDef } from '../../kinds/provider-kind.ts';
import { ANTHROPIC_VERSION, AnthropicLlm } from './messages.ts';

const anthropicSpec = z.object({
  kind: z.literal('anthropic'),
  name: z.literal('anthropic'),
  baseUrl: z.string(),
  apiKey: z.string(),
  model: z.string(),
});

const modelList = z.object({ data: z.array(z.object({ id: z.string() })) });

const DEFAULT_MODEL = 'claude-haiku-4-5';

/**
 * Anthropic's Messages API: `ANTHROPIC_API_KEY`, `ANTHROPIC_MODEL`, `ANTHROPIC_BASE_URL`; its
 * models from `GET /v1/models`.
 */
export const ANTHROPIC_KIND: ProviderKindDef = {
  info: {
    kind: 'anthropic',
    label: 'Anthropic',
    stages: ['llm'],
    defaultModels: { llm: DEFAULT_MODEL },
    key: 'required',
    address: false,
    models: true,
  },
  inSettings: true,
  family: defineFamily({
    id: 'anthropic',
    spec: anthropicSpec,
    viewKind: 'anthropic',
    llm: (spec, ctx) =>
      new AnthropicLlm({
        apiKey: spec.apiKey,
        baseUrl: spec.baseUrl,
        model: spec.model,
        systemPrompt: ctx.systemPrompt,
        maxTokens: ctx.llmMaxTokens,
      }),
    models: async (spec, signal) => {
      const headers = { 'x-api-key': spec.apiKey, 'anthropic-version': ANTHROPIC_VERSION };
      const url = joinUrl(spec.baseUrl, 'v1/models?limit=1000');
      const list = await fetchModelList(spec.name, url, headers, modelList, signal);
      return list.data.map((m) => m.id);
    },
    view: (spec) => ({ baseUrl: spec.baseUrl, model: spec.model }),
  }),
  readSpec: (_stage, _name, f) => ({
    kind: 'anthropic',
    name: 'anthropic',
    apiKey: f.need('API_KEY'),
    baseUrl: f.get('BASE_URL') ?? 'https://api.anthropic.com',
    model: f.get('MODEL') ?? DEFAULT_MODEL,
  }),
};

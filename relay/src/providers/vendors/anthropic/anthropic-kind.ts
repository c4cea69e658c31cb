import { z } from 'zod';
import { joinUrl } from '../../net/http.ts';
import { fetchModelList } from '../../net/model-list.ts';
import { defineFamily, hostedInfo, type ProviderKindDef } from '../../kinds/provider-kind.ts';
import { hostedFields, hostedSpec } from '../../kinds/spec-fields.ts';
import { ANTHROPIC_VERSION, AnthropicLlm } from './messages.ts';

const KIND = 'anthropic';
const DEFAULTS = { baseUrl: 'https://api.anthropic.com', model: 'claude-haiku-4-5' };

const modelList = z.object({ data: z.array(z.object({ id: z.string() })) });

/**
 * Anthropic's Messages API: `ANTHROPIC_API_KEY`, `ANTHROPIC_MODEL`, `ANTHROPIC_BASE_URL`; its
 * models from `GET /v1/models`.
 */
export const ANTHROPIC_KIND: ProviderKindDef = {
  info: hostedInfo(KIND, 'Anthropic', 'llm', DEFAULTS.model),
  inSettings: true,
  family: defineFamily({
    id: KIND,
    spec: hostedSpec(KIND),
    llm: (spec, ctx) =>
      new AnthropicLlm({ ...spec, systemPrompt: ctx.systemPrompt, maxTokens: ctx.llmMaxTokens }),
    models: async (spec, signal) => {
      const headers = { 'x-api-key': spec.apiKey, 'anthropic-version': ANTHROPIC_VERSION };
      const url = joinUrl(spec.baseUrl, 'v1/models?limit=1000');
      const list = await fetchModelList(spec.name, url, headers, modelList, signal);
      return list.data.map((m) => m.id);
    },
  }),
  readSpec: (_stage, _name, f) => hostedFields(f, KIND, DEFAULTS),
};

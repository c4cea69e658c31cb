import { EMBEDDED_KIND } from '@parley/shared';
import { z } from 'zod';
import { defineFamily, type ProviderKindDef } from '../../kinds/provider-kind.ts';
import { LlamaCppLlm } from './llama-cpp.ts';

const llamaCppSpec = z.object({
  kind: z.literal('llama-cpp'),
  name: z.literal('llama-cpp'),
  modelPath: z.string(),
  contextSize: z.number(),
  threads: z.number().optional(),
});

/**
 * A GGUF model run inside the relay's own process (`LLM_PROVIDERS=llama-cpp`, `LLM_MODEL_PATH`,
 * `LLAMA_CPP_CONTEXT_SIZE`, `LLAMA_CPP_THREADS`). Named in the environment only; the settings
 * show it as an embedded provider, with its model file's name.
 */
export const LLAMA_CPP_KIND: ProviderKindDef = {
  info: {
    kind: 'llama-cpp',
    label: 'llama.cpp (in the relay)',
    stages: ['llm'],
    defaultModels: {},
    key: 'none',
    address: false,
    models: false,
  },
  inSettings: false,
  family: defineFamily({
    id: 'llama-cpp',
    spec: llamaCppSpec,
    viewKind: EMBEDDED_KIND,
    llm: (spec, ctx) =>
      LlamaCppLlm.load({
        modelPath: spec.modelPath,
        contextSize: spec.contextSize,
        maxTokens: ctx.llmMaxTokens,
        systemPrompt: ctx.systemPrompt,
        ...(spec.threads === undefined ? {} : { threads: spec.threads }),
      }),
    view: (spec) => ({ model: spec.modelPath.split('/').at(-1) ?? spec.modelPath }),
  }),
  readSpec: (_stage, _name, f) => {
    const env = f.env;
    const modelPath = env.LLM_MODEL_PATH?.trim();
    if (!modelPath) f.problem('LLM_MODEL_PATH is missing (the path of a .gguf model file)');
    const contextSize = f.number('CONTEXT_SIZE', {
      default: 4096,
      min: 256,
      max: 1_048_576,
      integer: true,
      meaning: 'tokens of context',
    });
    const threads =
      f.get('THREADS') === undefined
        ? undefined
        : f.number('THREADS', {
            default: 1,
            min: 1,
            max: 1024,
            integer: true,
            meaning: 'CPU threads',
          });
    return {
      kind: 'llama-cpp',
      name: 'llama-cpp',
      modelPath: modelPath ?? '',
      contextSize,
      ...(threads === undefined ? {} : { threads }),
    };
  },
};

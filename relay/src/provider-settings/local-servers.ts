import { z } from 'zod';
import type { DetectedServer } from '@parley/shared';
import { joinUrl } from '../providers/net/http.ts';
import type { LocalServerProbe } from './settings-config.ts';

/** How long a local server has to answer (ms): one on this machine answers in a few. */
export const PROBE_TIMEOUT_MS = 800;

const modelList = z.object({ data: z.array(z.object({ id: z.string() })) });

/**
 * Local OpenAI-compatible servers (Ollama, LM Studio, llama.cpp's server, vLLM) that answer
 * `GET {base}/models` with a model list, probed at once; those that do not answer in
 * {@link PROBE_TIMEOUT_MS}, or answer something else, are left out.
 */
export async function detectLocalServers(
  probes: readonly LocalServerProbe[],
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<DetectedServer[]> {
  const answers = await Promise.all(
    probes.map(async ({ server, baseUrl }): Promise<DetectedServer | null> => {
      try {
        const res = await fetch(joinUrl(baseUrl, 'models'), {
          signal: AbortSignal.timeout(timeoutMs),
          headers: { Accept: 'application/json' },
          // A server on a usual port that sends us elsewhere is not the one looked for.
          redirect: 'manual',
        });
        if (!res.ok) {
          await res.body?.cancel();
          return null;
        }
        const list = modelList.safeParse(await res.json());
        if (!list.success) return null;
        return { server, baseUrl, models: list.data.data.map((m) => m.id) };
      } catch {
        return null;
      }
    }),
  );
  return answers.filter((a) => a !== null);
}

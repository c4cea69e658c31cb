import type { ServedBy, ServerMessage } from '@parley/shared';
import type { TalkClient } from '../../src/talk/client.ts';
import { startTestRelay, type TestRelay } from '../harness.ts';
import { startFakeOpenAi, type FakeOpenAi } from './openai-server.ts';

/** The API key both fakes expect. */
export const PAIR_KEY = 'sk-test-pair-0123456789';

/**
 * Priced like a hosted API, so that the ledger shows what each fake would bill: `alpha:*` and
 * `beta:*` for every stage.
 */
const PAIR_PRICING = JSON.stringify({
  asr: { 'alpha:whisper': { usdPerMinute: 0.006 }, 'beta:whisper': { usdPerMinute: 0.006 } },
  llm: {
    'alpha:chat': { usdPerMillionInputTokens: 2.5, usdPerMillionOutputTokens: 10 },
    'beta:chat': { usdPerMillionInputTokens: 2.5, usdPerMillionOutputTokens: 10 },
  },
  tts: {
    'alpha:speech': { usdPerMillionCharacters: 15 },
    'beta:speech': { usdPerMillionCharacters: 15 },
  },
});

/** Settings naming the fakes `alpha` and `beta` (models `whisper`, `chat`, `speech`). */
export function pairSettings(alpha: FakeOpenAi, beta: FakeOpenAi): Record<string, string> {
  return {
    ALPHA_BASE_URL: alpha.baseUrl,
    BETA_BASE_URL: beta.baseUrl,
    ALPHA_API_KEY: PAIR_KEY,
    BETA_API_KEY: PAIR_KEY,
    ALPHA_ASR_MODEL: 'whisper',
    BETA_ASR_MODEL: 'whisper',
    ALPHA_LLM_MODEL: 'chat',
    BETA_LLM_MODEL: 'chat',
    ALPHA_TTS_MODEL: 'speech',
    BETA_TTS_MODEL: 'speech',
    PRICING_JSON: PAIR_PRICING,
  };
}

export interface OpenAiPair {
  alpha: FakeOpenAi;
  beta: FakeOpenAi;
  relay: TestRelay;
  close(): Promise<void>;
}

/**
 * Two fake OpenAI-compatible servers, `alpha` then `beta`, in front of a real relay; `env`
 * picks the chains (e.g. `LLM_PROVIDERS: 'alpha,beta'`) and the deadlines.
 */
export async function startOpenAiPair(env: Record<string, string>): Promise<OpenAiPair> {
  const [alpha, beta] = await Promise.all([
    startFakeOpenAi({ apiKey: PAIR_KEY }),
    startFakeOpenAi({ apiKey: PAIR_KEY }),
  ]);
  const relay = await startTestRelay({ ...pairSettings(alpha, beta), ...env });
  return {
    alpha,
    beta,
    relay,
    close: async () => {
      await relay.close();
      await Promise.all([alpha.close(), beta.close()]);
    },
  };
}

/** One row of the usage ledger. */
export interface LedgerRow {
  stage: string;
  provider: string;
  units: Record<string, number>;
  costMicros: number;
  speculative: boolean;
}

/** The ledger rows of a turn (or of the whole session), in the order they were written. */
export async function ledger(
  relay: TestRelay,
  sessionId: string,
  turnId?: number,
): Promise<LedgerRow[]> {
  let q = relay.storage.database.db
    .selectFrom('usage_ledger')
    .select(['stage', 'provider', 'units', 'cost_micros', 'speculative'])
    .where('session_id', '=', sessionId);
  if (turnId !== undefined) q = q.where('turn_id', '=', turnId);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({
    stage: r.stage,
    provider: r.provider,
    units: JSON.parse(r.units) as Record<string, number>,
    costMicros: r.cost_micros,
    speculative: r.speculative === 1,
  }));
}

/** What the relay said of a finished turn besides its record: `turn.done`'s servedBy. */
export function servedBy(client: TalkClient, turnId: number): ServedBy | undefined {
  const done = client.received.find(
    (m): m is Extract<ServerMessage, { type: 'turn.done' }> =>
      m.type === 'turn.done' && m.turnId === turnId,
  );
  return done?.servedBy;
}

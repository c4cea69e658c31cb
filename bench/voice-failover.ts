/**
 * What a user gets when the primary voice fails mid-sentence (issue 21, items 1 and 2): per
 * fault, end of the user's turn → first reply audio and → turn done, which voice served, how much
 * of the reply was spoken, how much noise reached the client, what the user was told, and the
 * TTS ledger rows. The primary is a local server speaking OpenAI's speech protocol, the next
 * voice a local ElevenLabs (or Flite with NEXT=embedded); the LLM answers three sentences.
 *
 *   LOG_LEVEL=silent node --import tsx bench/voice-failover.ts        (NEXT=elevenlabs|embedded)
 *
 * Prints one JSON line per fault, then a Markdown table.
 */
import { TalkClient } from '../relay/src/talk/client.ts';
import { startFakeElevenLabs } from '../relay/test/fakes/elevenlabs-server.ts';
import type { Fault } from '../relay/test/fakes/faults.ts';
import { startFakeOpenAi } from '../relay/test/fakes/openai-server.ts';
import { startTestRelay } from '../relay/test/harness.ts';
import { DEV_USER_ID } from '../relay/src/auth/identity.ts';

const KEY = 'sk-bench-alpha-0123456789';
const EL_KEY = 'el-bench-0123456789';
const ADMIN = 'admin-token-for-bench-0123456789';
const NEXT = process.env.NEXT ?? 'elevenlabs';
const REPLY = 'The first sentence is here. Then a second one follows. And a third.';
/**
 * Samples louder than this are not the fakes' tones (8,000 peak): noise. Flite's speech is
 * louder: with NEXT=embedded only the peak is shown.
 */
const NOISE = 12_000;

const FAULTS: [string, Fault][] = [
  ['none', { kind: 'none' }],
  ['stall after 100 ms', { kind: 'stall', afterChunks: 1 }],
  ['reset after 100 ms', { kind: 'reset', afterChunks: 1 }],
  ['stray byte after 100 ms', { kind: 'misaligned', afterChunks: 1 }],
  ['cut mid-sample after 100 ms', { kind: 'malformed', afterChunks: 1 }],
  ['JSON labelled audio', { kind: 'mislabelled' }],
];

const alpha = await startFakeOpenAi({ apiKey: KEY });
alpha.reply = () => REPLY;
const eleven = await startFakeElevenLabs({ apiKey: EL_KEY });
const relay = await startTestRelay({
  LLM_PROVIDERS: 'alpha',
  TTS_PROVIDERS: `alpha,${NEXT}`,
  ALPHA_BASE_URL: alpha.baseUrl,
  ALPHA_API_KEY: KEY,
  ALPHA_LLM_MODEL: 'chat-fake',
  ALPHA_TTS_MODEL: 'tts-fake',
  ELEVENLABS_API_KEY: EL_KEY,
  ELEVENLABS_BASE_URL: eleven.url,
  // The defaults, but a stall: 5 s of silence would only lengthen every stalled row alike.
  STREAM_STALL_TIMEOUT_S: '1',
  HEALTH_PROBE_INTERVAL_S: '0',
  ADMIN_TOKEN: ADMIN,
});
const client = await TalkClient.connect(relay.wsUrl);
const rateHz = client.ready.outputSampleRateHz;
const rows: Record<string, unknown>[] = [];
let turnId = 0;
for (const [name, fault] of FAULTS) {
  for (const id of ['alpha:tts-fake', 'elevenlabs:eleven_flash_v2_5', 'flite']) {
    await fetch(`${relay.url}/api/admin/providers/${encodeURIComponent(id)}/reset`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN}` },
    });
  }
  alpha.setFault('speech', fault);
  turnId++;
  const sentAt = performance.timeOrigin + performance.now();
  client.send({ type: 'user.text', turnId, text: 'tell me three things' });
  const turn = await client.waitForTurn(turnId, 60_000);
  const doneAt = performance.timeOrigin + performance.now();
  const saved = await relay.storage.sessions.get(DEV_USER_ID, client.ready.sessionId);
  const ledger = await relay.storage.database.db
    .selectFrom('usage_ledger')
    .select(['provider', 'units'])
    .where('session_id', '=', client.ready.sessionId)
    .where('turn_id', '=', turnId)
    .where('stage', '=', 'tts')
    .execute();
  const spokenIndexes = new Set(turn.segments.map((s) => s.index));
  rows.push({
    fault: name,
    status: turn.status,
    firstAudioMs: turn.relayTimings.relayFirstAudioMs ?? null,
    doneMs: Math.round(doneAt - sentAt),
    servedBy: saved?.turns.find((t) => t.turnId === turnId)?.providers.tts,
    sentencesSpoken: `${spokenIndexes.size}/3`,
    audioS: Math.round((turn.audioSamples / rateHz) * 100) / 100,
    peak: turn.peakSample,
    noise: NEXT === 'embedded' ? 'n/a' : turn.peakSample > NOISE ? 'yes' : 'no',
    told: turn.errors.map((e) => e.message).join(' | ') || '—',
    ledger: ledger
      .map((r) => `${r.provider} ${(JSON.parse(r.units) as { characters: number }).characters}`)
      .join(', '),
  });
  console.log(JSON.stringify(rows.at(-1)));
}
client.close();
await relay.close();
await Promise.all([alpha.close(), eleven.close()]);

const keys = Object.keys(rows[0] ?? {});
console.log(`\n| ${keys.join(' | ')} |\n|${keys.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${keys.map((k) => String(r[k])).join(' | ')} |`);

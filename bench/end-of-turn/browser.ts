/**
 * The end-of-turn test set through the browser: each utterance the fake microphone of a
 * /usr/bin/chromium started afresh on one profile (48 kHz, played once), the app's capture, VAD and turn-taking, the built
 * relay with the embedded providers; once with the policy (the default) and once with `?eot=fixed`.
 *
 *   pnpm bench:end-of-turn:chromium [--out bench/results] [--only N] [--query codec=pcm16]
 *     [--rule policy] [--kind complete] [--set first|harder|all|held-out|human]
 *
 * The relay and the browser's profile are warmed by one utterance first (not counted).
 * Voice to voice is the app's own figure (end of speech → first reply sample played, the
 * latency panel's); a paused utterance that became two user turns ended prematurely.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseServerMessage } from '@parley/shared';
import { chromium } from '@playwright/test';
import { fakeMicArgs } from '../../e2e/fake-mic-args.ts';
import { closeSynthesizers } from '../../relay/test/fixtures/speech.ts';
import { ensureBuild, startRelay } from '../client-cost/setup.ts';
import { writeResult } from '../lib/write-result.ts';
import { utteranceAudio } from './audio.ts';
import { endOfTurnMarkdown, pauseReadingText, type Outcome, type Rule } from './report.ts';
import { recogniserName } from './run.ts';
import {
  endOfTurnSet,
  resultSuffix,
  SET_PARTS,
  speakerName,
  wholeText,
  type EndOfTurnUtterance,
} from './utterances.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: {
    out: { type: 'string', default: 'bench/results' },
    only: { type: 'string' },
    /** More of the page's query, for comparisons (`codec=pcm16`, `vad=page`). */
    query: { type: 'string' },
    /** One rule only (`fixed` or `policy`), and one kind of utterance only, for a quick look. */
    rule: { type: 'string' },
    kind: { type: 'string' },
    /** A part of the set (utterances.ts's SET_PARTS): `human` is the recorded human voices. */
    set: { type: 'string', default: 'all' },
  },
});
const part = SET_PARTS.find((p) => p === values.set);
if (!part) throw new Error(`--set: one of ${SET_PARTS.join(', ')}`);
const set = endOfTurnSet(part)
  .filter((u) => !values.kind || u.kind === values.kind)
  .slice(0, values.only ? Number(values.only) : undefined);
const rules = (['fixed', 'policy'] as const).filter((r) => !values.rule || r === values.rule);
const audioDir = join(tmpdir(), 'parley-end-of-turn-set');
/**
 * Silence before each utterance (s): the page has loaded and the call settled (the VAD's model,
 * the first decoder) before the user speaks, as in a call already going on.
 */
const LEAD_S = Number(process.env.LEAD_S ?? 4);
const micDir = join(tmpdir(), `parley-end-of-turn-mic-${LEAD_S}`);

/** The utterance at 48 kHz, as the e2e fake-microphone files are. */
async function micFile(u: EndOfTurnUtterance): Promise<string> {
  const { path } = await utteranceAudio(u, audioDir);
  mkdirSync(micDir, { recursive: true });
  const out = join(micDir, path.split('/').at(-1) ?? 'x.wav');
  if (!existsSync(out)) execFileSync('sox', [path, '-r', '48000', out, 'pad', String(LEAD_S), '0']);
  return out;
}

interface PageTurns {
  users: string[];
  /** The words the relay sent at the pauses of each user turn, as the headless report has them. */
  pauseWords: string[][];
  v2v: (number | null)[];
  /** The VAD's end of speech → utterance.end sent (ms). */
  endpointing: (number | null)[];
  ends: ({ waitMs: number; reason: string } | null)[];
  /** When each point of the turn came, after the VAD's end of speech (ms, the client's clock). */
  after: (Record<string, number> | null)[];
}

/** What the page's store says of its turns (the words at pauses come off the wire). */
type PageRead = Omit<PageTurns, 'pauseWords'> & { turnIds: number[] };

/**
 * One browser profile for the whole run, as a returning user's: the app's code and onnxruntime's
 * compiled WebAssembly are in its caches (a fresh profile compiles the VAD's 14 MB module again,
 * ~4.5 s of CPU in the first seconds, while the utterance is spoken). Warmed by one utterance
 * that is not counted.
 */
const profile = mkdtempSync(join(tmpdir(), 'parley-eot-profile-'));

/** Says `wav` to the app once and reads what became of it, when the replies are in. */
async function say(url: string, wav: string, rule: Rule): Promise<PageTurns> {
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    args: fakeMicArgs(wav),
    serviceWorkers: 'block',
  });
  try {
    const page = await browser.newPage();
    const atPauses = new Map<number, string[]>();
    page.on('websocket', (ws) =>
      ws.on('framereceived', ({ payload }) => {
        if (typeof payload !== 'string') return;
        const m = parseServerMessage(payload);
        if (!m.ok || m.value.type !== 'transcript.partial' || m.value.pauseSeq === undefined)
          return;
        const { turnId } = m.value;
        atPauses.set(turnId, [...(atPauses.get(turnId) ?? []), pauseReadingText(m.value)]);
      }),
    );
    await page.goto(
      `${url}/?duplex=full${rule === 'fixed' ? '&eot=fixed' : ''}${values.query ? `&${values.query}` : ''}`,
    );
    await page.getByTestId('talk-button').click();
    // As text: the bench's own types know no DOM (browser-turn.ts does the same).
    const read = () =>
      page.evaluate<PageRead>(`(() => {
        const s = window.__parley?.store.getState();
        const users = (s?.entries ?? []).filter((e) => e.role === 'user' && e.final);
        const trace = (e) => s?.traces.find((t) => t.turnId === e.turnId);
        return {
          users: users.map((e) => e.text ?? ''),
          turnIds: users.map((e) => e.turnId),
          v2v: users.map((e) => s?.figures.find((f) => f.turnId === e.turnId)?.voiceToVoiceMs ?? null),
          endpointing: users.map((e) => {
            const c = trace(e)?.client;
            return c?.endSentAtMs !== undefined && c?.speechEndAtMs !== undefined
              ? c.endSentAtMs - c.speechEndAtMs
              : null;
          }),
          ends: users.map((e) => trace(e)?.endOfTurn ?? null),
          after: users.map((e) => {
            const t = trace(e);
            const end = t?.client.speechEndAtMs;
            if (!t || end === undefined) return null;
            const off = s.clock?.offsetMs;
            const out = {};
            for (const [k, v] of Object.entries(t.client))
              if (typeof v === 'number') out[k.replace(/AtMs$/, '')] = Math.round(v - end);
            if (t.relay && off !== undefined)
              for (const [k, v] of Object.entries(t.relay))
                if (typeof v === 'number') out['relay.' + k.replace(/AtMs$/, '')] = Math.round(v - off - end);
            return out;
          }),
        };
      })()`);
    // The utterance is at most ~7 s after its lead: every turn it became has its reply (and
    // its turn.done, with the relay's marks) by 14 s after the lead, or never will.
    const deadline = Date.now() + LEAD_S * 1000 + 14_000;
    let turns = await read();
    while (Date.now() < deadline) {
      turns = await read();
      if (
        turns.users.length > 0 &&
        turns.v2v.every((x) => x !== null) &&
        Date.now() > deadline - 6_000
      )
        break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const { turnIds, ...seen } = turns;
    return { ...seen, pauseWords: turnIds.map((id) => atPauses.get(id) ?? []) };
  } finally {
    await browser.close();
  }
}

/** A decision as the page traced it (without its kind, which the reason says). */
const decision = (d: { waitMs: number; reason: string } | null | undefined) =>
  d ? { ...d, kind: 'unknown' as const } : null;

ensureBuild(ROOT);
const files = new Map<EndOfTurnUtterance, string>();
for (const u of set) files.set(u, await micFile(u));
await closeSynthesizers();

const loadBefore = loadavg();
const startedAt = Date.now();
const relay = await startRelay(
  ROOT,
  join(ROOT, 'web/dist'),
  mkdtempSync(join(tmpdir(), 'parley-eot-')),
);
const outcomes: Outcome[] = [];
try {
  const first = set[0];
  if (first) await say(relay.url, files.get(first) ?? '', 'policy');
  for (const rule of rules)
    for (const [i, u] of set.entries()) {
      const t = await say(relay.url, files.get(u) ?? '', rule);
      const outcome: Outcome = {
        rule,
        kind: u.kind,
        voice: speakerName(u),
        text: wholeText(u),
        heard: t.users,
        turns: t.users.length,
        endpointingMs: t.endpointing[0] ?? null,
        voiceToVoiceMs: t.users.length === 1 ? (t.v2v[0] ?? null) : null,
        endOfTurn: decision(t.ends.at(-1)),
        firstEndOfTurn: decision(t.ends[0]),
        pauseWords: t.pauseWords[0] ?? [],
        ...(t.after[0] ? { after: t.after[0] } : {}),
      };
      outcomes.push(outcome);
      console.log(`${rule} ${i + 1}/${set.length} ${JSON.stringify(outcome)}`);
    }
} finally {
  relay.stop();
}

const markdown = endOfTurnMarkdown(
  outcomes,
  {
    command: `pnpm bench:end-of-turn:chromium${values.only ? ` --only ${values.only}` : ''}${
      values.rule ? ` --rule ${values.rule}` : ''
    }${values.kind ? ` --kind ${values.kind}` : ''}${values.query ? ` --query ${values.query}` : ''}${
      part === 'all' ? '' : ` --set ${part}`
    }`,
    machine: `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}, /usr/bin/chromium`,
    load: `${loadBefore.map((x) => x.toFixed(1)).join(' ')} before, ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} after`,
    minutes: Math.round((Date.now() - startedAt) / 60_000),
    // The relay runs with this process's environment: the default unless ASR_PROVIDERS is set.
    recogniser: recogniserName(process.env.ASR_PROVIDERS || undefined),
  },
  'Chromium',
);
mkdirSync(values.out, { recursive: true });
await writeResult(join(values.out, `end-of-turn-chromium${resultSuffix(part)}.md`), markdown);
writeFileSync(
  join(values.out, `end-of-turn-chromium${resultSuffix(part)}.json`),
  JSON.stringify(outcomes, null, 1),
);
console.log(`\n${markdown}`);
process.exit(0);

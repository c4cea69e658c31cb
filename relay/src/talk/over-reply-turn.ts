import type { BargeInRule } from '@parley/shared';
import type { TalkClient } from './client.ts';
import { speakOverReply, type OverReplyReport } from './over-reply.ts';
import type { StreamOptions, TurnReport, UtteranceStreamer } from './stream.ts';

/** What `pnpm talk --over-reply` found: the question's turns, and what the sound did. */
export interface OverReplyTurn {
  reports: TurnReport[];
  overReply: OverReplyReport | null;
  /** The sound's own turn when it stopped the reply (what it was heard as, and the answer). */
  answer: { transcript: string; reply: string; status: string | null } | null;
}

/**
 * Streams `question` as `pnpm talk` does and, `atMs` into its reply (from the reply's first
 * audio, when it would start playing), says `sound` over it in full duplex, judged by the
 * app's policy (see speakOverReply). The streamer's seqs and turn ids go on after both.
 */
export async function talkOverReply(
  client: TalkClient,
  streamer: UtteranceStreamer,
  question: Float32Array,
  sound: Float32Array,
  o: { atMs: number; rule: BargeInRule; stream: StreamOptions; timeoutMs: number },
): Promise<OverReplyTurn> {
  const replyTurnId = streamer.nextTurnId;
  const asked = streamer.stream(question, o.stream);
  const deadline = Date.now() + o.timeoutMs;
  // The question has been sent whole (the streamer moved on) and its reply started.
  while (
    streamer.nextTurnId <= replyTurnId ||
    client.turns.get(replyTurnId)?.firstAudioAtMs == null
  ) {
    if (Date.now() > deadline || client.ended)
      return { reports: await asked, overReply: null, answer: null };
    await new Promise((r) => setTimeout(r, 5));
  }
  const turnId = streamer.nextTurnId;
  const overReply = await speakOverReply(client, sound, {
    replyTurnId,
    turnId,
    firstSeq: streamer.nextSeq,
    atMs: o.atMs,
    rule: o.rule,
  });
  streamer.nextSeq = overReply.nextSeq;
  streamer.nextTurnId = turnId + 1;
  const reports = await asked;
  if (overReply.action !== 'stop') return { reports, overReply, answer: null };
  const t = await client.waitForTurn(turnId, o.timeoutMs);
  return {
    reports,
    overReply,
    answer: { transcript: t.transcript ?? '', reply: t.replyText, status: t.status },
  };
}

/** The sound over the reply, as `pnpm talk` prints it. */
export function overReplyLines(r: OverReplyTurn, atMs: number): string[] {
  const o = r.overReply;
  if (!o) return ['over:  the reply never started'];
  const ms = (x: number | null) => (x === null ? '–' : `${Math.round(x)} ms`);
  const what =
    o.action === 'stop'
      ? `stopped the reply · ${o.reason} · onset → cut ${ms(o.onsetToStopMs)}`
      : o.action === 'resume'
        ? `the reply went on · ${o.reason} · end of the sound → full level ${ms(o.endToResumeMs)}`
        : o.reason;
  return [
    `over:  said ${atMs} ms into the reply, heard "${o.words}": ${what}`,
    ...(r.answer ? [`you:   ${r.answer.transcript}`, `reply: ${r.answer.reply}`] : []),
  ];
}

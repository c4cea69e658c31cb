import { summariseCell, type Cell, type CellSummary } from './summary.ts';

/** A whole run of the loss bench, as loss.json keeps it. */
export interface LossRun {
  command: string;
  measuredAt: string;
  machine: string;
  /** `uptime` when the run started and when it ended (the machine is shared). */
  uptimeBefore: string;
  uptimeAfter: string;
  /** One-way delay the link adds to every frame, each way (ms). */
  delayMs: number;
  /** The fake hosted providers' waits (ms). */
  latency: { firstTokenMs: number; firstSpeechMs: number };
  reply: string;
  /** Rounds the utterances were said in (a session per cell each, the order reversed every other). */
  rounds: number;
  cells: Cell[];
}

/** Each cell's figures, the words compared with the same codec's cell without loss. */
export function summariseRun(run: Pick<LossRun, 'cells'>): CellSummary[] {
  return run.cells.map((cell) =>
    summariseCell(
      cell,
      cell.lossPercent === 0
        ? undefined
        : run.cells.find((c) => c.codec === cell.codec && c.lossPercent === 0),
    ),
  );
}

const ms = (x: number) => (Number.isNaN(x) ? '–' : String(x));

/** The results page: what emulates what, the table, and how each figure is read. */
export function lossMarkdown(run: LossRun): string {
  const rows = summariseRun(run).map((s) =>
    [
      `${s.lossPercent} %`,
      s.codec === 'opus' ? 'Opus' : 'PCM16',
      `${s.lossless ? 'yes' : 'NO'}, ${s.oneTurn} of ${s.utterances}`,
      s.sameWords === null ? 'baseline' : `${s.sameWords} of ${s.utterances}`,
      ms(s.v2vMedianMs),
      ms(s.v2vP90Ms),
      `${s.repliesWithGaps} of ${s.utterances}`,
      String(s.gapCount),
      String(s.gapTotalMs),
      String(s.longestGapMs),
      String(s.reconnects),
      s.load.min === s.load.max ? String(s.load.min) : `${s.load.min}–${s.load.max}`,
    ].join(' | '),
  );
  const counts = run.cells.map((c) => {
    const k = c.counts;
    const p = k.packets;
    const sessions = `${c.sessions} session${c.sessions === 1 ? '' : 's'}`;
    const dropped = `${sessions}; the link dropped ${p.inDropped} of ${p.inSeen} packets to the client and ${p.outDropped} of ${p.outSeen} from it`;
    return `- ${c.lossPercent} % ${c.codec}: ${dropped}; ${k.chunksSent} chunks sent, ${k.relay.accepted} accepted by the relay, ${k.relay.duplicate} duplicates dropped, ${k.relay.missing} missing; ${k.lostChunks} lost by the client, ${k.unackedChunks} unacknowledged at the end; ${k.completedTurns} of ${k.storedTurns} stored turns completed (${c.warmTurns} warm-up + ${c.utterances.length}).`;
  });
  return [
    '# Voice under random packet loss (issue 63, item 6)',
    '',
    `Measured ${run.measuredAt} on ${run.machine}. Command (as root): \`${run.command}\`.`,
    '',
    `Load (\`uptime\`) at start: \`${run.uptimeBefore}\`; at end: \`${run.uptimeAfter}\`. The machine is shared with other work: the latencies are this load's, not an idle machine's.`,
    '',
    '## What emulates what',
    '',
    `- **The link**: the client runs in its own network namespace and reaches the relay over a veth pair, a userspace Ethernet bridge (bench/loss/delay-bridge.py, raw AF_PACKET sockets) and a second veth pair. The bridge holds every frame ${run.delayMs} ms each way (${2 * run.delayMs} ms round trip, in order), so TCP between the client and the relay is end to end and sees that delay in its round trip and its retransmission timers.`,
    `- **Random loss**: an nftables rule on the namespace's veth, each way (\`numgen random mod 100 < N drop\` in its input and output hooks). Real TCP retransmits what it drops, which is what a lossy mobile link does to the WebSocket. With N % each way a packet and its acknowledgement each risk it.`,
    '- **Why not netem**: this kernel is built without it (`CONFIG_NET_SCH_NETEM is not set`; `tc qdisc add … netem` says "Specified qdisc kind is unknown"), nor any other qdisc that holds a packet until a set time (fq with departure times set by BPF, etf, taprio: not built either). netem would add the delay in the kernel; the bridge adds it in a process at the same niceness as the bench, so the busy machine adds its own jitter to it.',
    `- **The relay**: in the root namespace, listening on the link's far end only; the embedded recogniser (PocketSphinx) hears the speech, and its language model and voice are a local server speaking OpenAI's protocol that waits ${run.latency.firstTokenMs} ms before the first token and ${run.latency.firstSpeechMs} ms before the first speech byte (bench:hosted's hosted-like latencies), then sends a token or an audio block (100 ms of sound: five times faster than it plays) every 20 ms, always answering: "${run.reply}". Fake providers because a hosted model's latency is what a user waits on, and the embedded ones answer in ~0 ms.`,
    `- **The client**: the headless client (\`pnpm talk\`'s) on the resilient connection the page uses (heartbeat, resume, the uplink journal replaying what was not acknowledged), asking the synthesiser's own rate as a browser does. It says the first complete questions of the end-of-turn set (Flite voices) in real time, 100 ms chunks, each turn ended by the endpointer's fixed silence, after one warm-up turn per session. The set is said in ${run.rounds} rounds, a session per cell in each, the cells' order reversed every other round, so the machine's swings of load fall on every cell alike; the load column is the 1-minute load average after each of the cell's sessions.`,
    '',
    '## Figures',
    '',
    '| loss each way | codec | lossless, one turn each | same words as without loss | voice to voice median ms | p90 ms | replies with gaps | gaps | gap total ms | longest gap ms | reconnects | load |',
    '| --- | --- | --- | --- | --: | --: | --- | --: | --: | --: | --: | --- |',
    ...rows.map((r) => `| ${r} |`),
    '',
    '- **Lossless**: every microphone chunk the client sent was accepted by the relay (its `parley_mic_frames_total{outcome="accepted"}`, this cell only) with none `missing` (a gap in sequence numbers), the client\'s journal lost none and holds none unacknowledged, the connection never went offline, and every utterance became exactly one completed turn, stored (N of N).',
    "- **Same words**: what the recogniser heard, compared with the same utterance in the same codec's cell without loss. PocketSphinx itself varies between sessions on identical audio (two cells without loss differ too: `pnpm bench:loss --loss 0,0 --codecs pcm16 --rounds 1`), so a difference here is not a lost frame; the frame counts are the check of that.",
    '- **Voice to voice**: end of speech in the file → the first reply audio received by the client.',
    "- **Gaps**: the reply played as the page's player plays it (each block after the one before, or when it arrives if that one has ended; no jitter buffer): each time it ran dry between the first and the last block of the reply is a gap heard (the player's `underruns`), with its length. Gaps under 1 ms are not counted.",
    '',
    '## Counts',
    '',
    ...counts,
    '',
  ].join('\n');
}

import { percentile } from '@parley/shared';

/** A block of reply audio as the client received it: when (epoch ms) and how much sound (ms). */
export interface Arrival {
  atMs: number;
  durationMs: number;
}

/** The silences a listener heard inside one reply. */
export interface Gaps {
  /** Times the playout ran dry between the reply's first and last block. */
  count: number;
  /** Their total (ms). */
  totalMs: number;
  /** The longest (ms); 0 for none. */
  longestMs: number;
}

/**
 * The gaps heard in a reply played as the web app's player plays it: each block right after the
 * one before, or when it arrives if the one before has ended (no jitter buffer), so audio that
 * came early fills a later stall and a block that comes after the queue ran dry is a gap (the
 * player's `underruns`). Gaps shorter than `minGapMs` are not counted (timer noise). Pure.
 */
export function playoutGaps(arrivals: readonly Arrival[], minGapMs = 1): Gaps {
  const gaps = { count: 0, totalMs: 0, longestMs: 0 };
  let playedUntil: number | null = null;
  for (const a of arrivals) {
    const gap = playedUntil === null ? 0 : a.atMs - playedUntil;
    if (gap >= minGapMs) {
      gaps.count++;
      gaps.totalMs += gap;
      gaps.longestMs = Math.max(gaps.longestMs, gap);
    }
    playedUntil = Math.max(playedUntil ?? a.atMs, a.atMs) + a.durationMs;
  }
  return {
    count: gaps.count,
    totalMs: Math.round(gaps.totalMs),
    longestMs: Math.round(gaps.longestMs),
  };
}

/** One utterance said across the link, as the client in the namespace saw it. */
export interface UtteranceOutcome {
  text: string;
  /** Turns it became (1 expected: these are complete questions). */
  turns: number;
  /** What the relay heard (each turn's final transcript, joined by " | "). */
  heard: string;
  status: string | null;
  /** End of speech in the file → first reply audio received (ms); null: no reply audio. */
  voiceToVoiceMs: number | null;
  /** Reply audio received (ms of sound). */
  replyAudioMs: number;
  gaps: Gaps;
}

/** What the client and the relay counted over a whole cell (one session). */
export interface CellCounts {
  /** Microphone chunks the client handed to its connection. */
  chunksSent: number;
  /** Chunks the client's journal dropped unacknowledged (0: none lost for good). */
  lostChunks: number;
  /** Chunks still unacknowledged when the session ended. */
  unackedChunks: number;
  /** Times the connection went to reconnecting. */
  reconnects: number;
  /** The connection ended for good (offline) during the run. */
  wentOffline: boolean;
  /** The relay's microphone frames (its `/metrics`, this cell only). */
  relay: { accepted: number; duplicate: number; missing: number };
  /** Turns the relay stored for the session, and how many of them completed. */
  storedTurns: number;
  completedTurns: number;
  /** Packets the link carried and dropped, into the client and out of it (its nft counters). */
  packets: { inSeen: number; inDropped: number; outSeen: number; outDropped: number };
}

/** A loss rate × codec: its utterances and counts (one session, or several merged). */
export interface Cell {
  lossPercent: number;
  codec: 'opus' | 'pcm16';
  /** Sessions it is made of (one per round). */
  sessions: number;
  /** Turns said before the measured ones (a warm-up per session), stored as well. */
  warmTurns: number;
  utterances: UtteranceOutcome[];
  counts: CellCounts;
  /** The machine's 1-minute load average after each of its sessions (it is shared). */
  loadAfter: number[];
}

/**
 * The sessions of each loss rate × codec merged into one cell, in the order each first came:
 * utterances one after another, counts summed (offline if any went offline). Pure.
 */
export function mergeCells(sessions: readonly Cell[]): Cell[] {
  const merged = new Map<string, Cell>();
  for (const s of sessions) {
    const key = `${s.lossPercent} ${s.codec}`;
    const m = merged.get(key);
    if (!m) {
      merged.set(key, structuredClone(s));
      continue;
    }
    const a = m.counts;
    const b = s.counts;
    m.sessions += s.sessions;
    m.warmTurns += s.warmTurns;
    m.utterances.push(...s.utterances);
    m.loadAfter.push(...s.loadAfter);
    m.counts = {
      chunksSent: a.chunksSent + b.chunksSent,
      lostChunks: a.lostChunks + b.lostChunks,
      unackedChunks: a.unackedChunks + b.unackedChunks,
      reconnects: a.reconnects + b.reconnects,
      wentOffline: a.wentOffline || b.wentOffline,
      relay: {
        accepted: a.relay.accepted + b.relay.accepted,
        duplicate: a.relay.duplicate + b.relay.duplicate,
        missing: a.relay.missing + b.relay.missing,
      },
      storedTurns: a.storedTurns + b.storedTurns,
      completedTurns: a.completedTurns + b.completedTurns,
      packets: {
        inSeen: a.packets.inSeen + b.packets.inSeen,
        inDropped: a.packets.inDropped + b.packets.inDropped,
        outSeen: a.packets.outSeen + b.packets.outSeen,
        outDropped: a.packets.outDropped + b.packets.outDropped,
      },
    };
  }
  return [...merged.values()];
}

/** A cell's figures. */
export interface CellSummary {
  lossPercent: number;
  codec: 'opus' | 'pcm16';
  utterances: number;
  /** Utterances that became exactly one completed turn. */
  oneTurn: number;
  /**
   * Every frame sent reached the relay once and in order (none missing, none lost by the
   * client, none left unacknowledged), and every utterance is one completed stored turn.
   */
  lossless: boolean;
  /** Utterances heard as the baseline heard them (same codec, no loss); null: no baseline. */
  sameWords: number | null;
  v2vMedianMs: number;
  v2vP90Ms: number;
  /** Replies with at least one gap heard. */
  repliesWithGaps: number;
  gapCount: number;
  gapTotalMs: number;
  longestGapMs: number;
  reconnects: number;
  /** The machine's 1-minute load average after its sessions: lowest and highest. */
  load: { min: number; max: number };
}

/** Sums up `cell`; `baseline` is the same codec's cell without loss (to compare the words). */
export function summariseCell(cell: Cell, baseline?: Cell): CellSummary {
  const u = cell.utterances;
  const c = cell.counts;
  const v2v = u.flatMap((x) => (x.voiceToVoiceMs === null ? [] : [x.voiceToVoiceMs]));
  const oneTurn = u.filter((x) => x.turns === 1 && x.status === 'completed').length;
  const expectedTurns = u.length + cell.warmTurns;
  const lossless =
    c.relay.missing === 0 &&
    c.relay.accepted === c.chunksSent &&
    c.lostChunks === 0 &&
    c.unackedChunks === 0 &&
    !c.wentOffline &&
    oneTurn === u.length &&
    c.storedTurns === expectedTurns &&
    c.completedTurns === expectedTurns;
  const sameWords = baseline
    ? u.filter((x) => baseline.utterances.find((b) => b.text === x.text)?.heard === x.heard).length
    : null;
  return {
    lossPercent: cell.lossPercent,
    codec: cell.codec,
    utterances: u.length,
    oneTurn,
    lossless,
    sameWords,
    v2vMedianMs: Math.round(percentile(v2v, 0.5)),
    v2vP90Ms: Math.round(percentile(v2v, 0.9)),
    repliesWithGaps: u.filter((x) => x.gaps.count > 0).length,
    gapCount: u.reduce((n, x) => n + x.gaps.count, 0),
    gapTotalMs: u.reduce((n, x) => n + x.gaps.totalMs, 0),
    longestGapMs: u.reduce((n, x) => Math.max(n, x.gaps.longestMs), 0),
    reconnects: c.reconnects,
    load: { min: Math.min(...cell.loadAfter), max: Math.max(...cell.loadAfter) },
  };
}

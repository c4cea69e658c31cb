/** What {@link guardFinish} watches and acts on: the decoder's output so far, and the decoder. */
export interface FinishGuardDeps {
  /** How many times the decoder has printed, on either stream, so far. */
  said(): number;
  /** Stops the decoder. */
  kill(): void;
  /** The decoder printed within the last period but gave no result yet, `waitedMs` in. */
  slow(waitedMs: number): void;
}

/**
 * Fails an utterance's finish (`reject`) and stops its decoder once the decoder has said
 * nothing, on either stream, for a whole `timeoutMs` (`waitedMs` into the wait): a hang guard.
 * A decoder that is slow — on a loaded machine, behind the audio of utterances before this one,
 * its model still loading — prints as it reads on (`parley-sphinx` every 2,048 samples,
 * PocketSphinx's log as it loads) and is waited for: how long a user waits for words is the
 * caller's bound (ASR_FINAL_TIMEOUT_S), and a slow decoder killed is one more to load on a
 * machine already short of CPU. The pending timer is kept in `u.timer` for the caller to clear.
 */
export function guardFinish(
  u: { timer: NodeJS.Timeout | null },
  timeoutMs: number,
  reject: (e: Error) => void,
  d: FinishGuardDeps,
  waitedMs = 0,
): void {
  const said = d.said();
  u.timer = setTimeout(() => {
    if (d.said() === said) {
      d.kill();
      reject(new Error(`PocketSphinx gave no result within ${timeoutMs} ms, silent all along`));
      return;
    }
    d.slow(waitedMs + timeoutMs);
    guardFinish(u, timeoutMs, reject, d, waitedMs + timeoutMs);
  }, timeoutMs);
}

/** The parts of an AudioContext that resuming it uses. */
export interface ResumableContext {
  readonly state: string;
  resume(): Promise<void>;
}

/** Timers, injected (fake time in tests). */
export interface Timers {
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/**
 * Resumes `context`; false if it is not running within `timeoutMs` (a browser that wants a user
 * gesture first leaves `resume()` pending for ever).
 */
export async function resumeWithin(
  context: ResumableContext,
  timeoutMs: number,
  timers: Timers,
): Promise<boolean> {
  if (context.state === 'running') return true;
  let timer: unknown = null;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = timers.setTimer(() => resolve(false), timeoutMs);
  });
  const resumed = context.resume().then(
    () => true,
    () => false,
  );
  const ok = await Promise.race([resumed, timedOut]);
  timers.clearTimer(timer);
  return ok && context.state === 'running';
}

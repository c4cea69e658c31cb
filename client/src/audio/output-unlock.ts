/** The parts of an AudioContext that unlocking its output uses. */
export interface UnlockableContext {
  readonly state: string;
  readonly destination: AudioNode;
  resume(): Promise<void>;
  createBuffer(channels: number, frames: number, sampleRateHz: number): AudioBuffer;
  createBufferSource(): AudioBufferSourceNode;
}

/**
 * Lets `context` play. Call it synchronously inside the user's tap (the one that starts a call,
 * or sends a typed message whose reply is spoken): it resumes the context and starts one silent
 * frame through it. A mobile browser lets a context play only when it is started inside a
 * gesture; iOS Safari before 15 unlocked output only for a source started there, and a context
 * resumed but never played into is the one that stays silent after a route change.
 */
export function unlockOutput(context: UnlockableContext): void {
  void context.resume().catch(() => undefined);
  const source = context.createBufferSource();
  source.buffer = context.createBuffer(1, 1, 22_050);
  source.connect(context.destination);
  source.start();
}

/** The W3C Audio Session API (Safari 16.4+): what kind of audio the page plays. */
export interface AudioSessionLike {
  type: string;
}

/**
 * Says what the page's audio is, where the browser lets it (`navigator.audioSession`):
 * `playback` while typed messages get spoken replies — iOS plays Web Audio as "ambient"
 * otherwise, which the ring/silent switch mutes: a user with the switch on silent would hear
 * nothing — and `auto` again after. A call needs nothing: iOS makes its session
 * play-and-record as soon as the microphone opens.
 */
export function setAudioSession(
  type: 'playback' | 'auto',
  /** `navigator.audioSession` (absent where the browser has none). */
  session: AudioSessionLike | null | undefined,
): void {
  if (session) session.type = type;
}

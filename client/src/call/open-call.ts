import type { HandOffConnection, ReadyMessage } from '@parley/shared';
import type { CapturedAudio, MicCapture } from '../audio/capture.ts';
import type { AudioPlayer } from '../audio/player.ts';
import type { VadHandle } from '../audio/vad-handle.ts';
import type { ResilientMic } from '../mic/resilient-mic.ts';
import type { TurnTaker } from '../turn/turn-taker.ts';
import type { CallDebugParts } from './call-deps.ts';
import type { OpusUplink } from './opus-uplink.ts';
import type { RelayLink } from './relay-link.ts';
import type { ReplyAudio } from './reply-audio.ts';

/** A call that is open: its parts, made when it opened and let go when it ends. */
export interface OpenCall {
  context: AudioContext;
  /** The session's connection (taken over from a typed conversation, or opened for the call). */
  link: RelayLink;
  socket: HandOffConnection;
  ready: ReadyMessage;
  player: AudioPlayer;
  vad: VadHandle;
  /** The microphone, brought back when the phone takes it away. */
  mic: ResilientMic<MicCapture> | null;
  turns: TurnTaker | null;
  /** Utterances the page dropped: no turn comes of them, their late words are not shown. */
  dropped: Set<number>;
  /** Extra listeners of captured audio (the echo probe). */
  listeners: Set<(a: CapturedAudio) => void>;
  /** Reply audio on its way to the player. */
  reply: ReplyAudio;
  /** Samples the connection's health every second for the debug panel. */
  networkTimer: ReturnType<typeof setInterval>;
  /** Stops the assistant-level meter. */
  stopMeter: () => void;
  /** The microphone's turns on the wire (Opus when the relay agreed, at the link's bitrate). */
  uplink: OpusUplink;
  /** Closes `context`, once (see CallStart): when the call ends, or its start fails. */
  closeContext(): void;
}

/** What an open call shows of itself to end-to-end tests (see CallDebug). */
export function debugParts(call: OpenCall): CallDebugParts {
  return {
    context: call.context,
    player: call.player,
    capture: call.mic?.current ?? null,
    vad: call.vad,
    ready: call.ready,
    connection: call.socket,
    turns: call.turns,
  };
}

/** Lets an open call's parts go (its connection too, unless `keepLink`: handed on). */
export function closeOpenCall(call: OpenCall, keepLink: boolean): void {
  clearInterval(call.networkTimer);
  call.stopMeter();
  call.turns?.dispose();
  call.uplink.dispose();
  call.mic?.stop();
  if (!keepLink) call.link.close();
  call.player.dispose();
  call.vad.reset();
  call.closeContext();
}

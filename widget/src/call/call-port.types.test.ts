import { describe, expectTypeOf, it } from 'vitest';
import type {
  CallPhase,
  CreateWidgetCall,
  StartFailure,
  TurnStatus,
  WidgetCall,
  WidgetCallOptions,
} from './call-port.ts';

// The port is §3.2 of docs/design/client-package.md, word for word: the package's `ParleyCall`
// must satisfy it as it is. Until the package exists, §3.2's declarations are transcribed here
// (every member and event, with the payloads the widget does not use left `unknown`); when
// `@parley/client` lands, this file imports its types instead and the same checks hold.

interface ParleyCallEvents {
  state: { phase: CallPhase };
  connection:
    | { status: 'idle' | 'connecting' | 'unreachable' | 'offline' }
    | { status: 'connected'; resumed: boolean }
    | { status: 'reconnecting'; attempt: number; nextInMs: number };
  partial: { turnId: number; text: string };
  transcript: { turnId: number; text: string; final: boolean; typed: boolean };
  reply:
    | { kind: 'delta'; turnId: number; text: string }
    | { kind: 'truncated'; turnId: number; heard: string }
    | { kind: 'done'; turnId: number; status: TurnStatus; text: string };
  turn: { kind: 'dropped' | 'interrupted'; turnId: number };
  tool: unknown;
  error:
    | { kind: 'start' | 'ended'; failure: StartFailure; retry: 'call' | null }
    | { kind: 'relay'; code: string; message: string; retryable: boolean; turnId?: number }
    | { kind: 'unexpected'; what: string; cause: unknown };
  latency: unknown;
  level: { source: 'mic' | 'assistant'; level: number };
  mic: unknown;
  controls: unknown;
  session: unknown;
  message: unknown;
}

interface ParleyCall {
  start(): Promise<void>;
  end(): void;
  mute(muted?: boolean): void;
  interrupt(): void;
  sendText(text: string): Promise<boolean>;
  answer(answer: unknown): Promise<boolean>;
  retryTurn(retry: unknown): Promise<boolean>;
  readonly controls: {
    press(): void;
    release(): void;
    setInputMode(mode: unknown): void;
    selectMic(deviceId: string | null): void;
    selectSpeaker(deviceId: string | null): void;
  };
  reconnectNow(): void;
  retryMic(): void;
  setPreferences(p: { eagerness?: unknown; bargeIn?: unknown; language?: string }): void;
  setSpeakReplies(on: boolean): void;
  continueFrom(c: { sessionId: string; lastTurnId: number } | null): void;
  warm(): Promise<void>;
  on<E extends keyof ParleyCallEvents>(
    event: E,
    listener: (e: ParleyCallEvents[E]) => void,
  ): () => void;
}

interface ParleyCallOptions {
  relayUrl: string;
  getTicket(signal: AbortSignal): Promise<string>;
  language?: string;
  assetBaseUrl?: string | URL;
  speakReplies?: boolean;
  endOnPageHide?: boolean;
}

type CreateParleyCall = (options: ParleyCallOptions) => ParleyCall;

describe('the widget’s call port', () => {
  it('is satisfied by §3.2’s ParleyCall and createParleyCall, with no adapter', () => {
    expectTypeOf<ParleyCall>().toExtend<WidgetCall>();
    expectTypeOf<CreateParleyCall>().toExtend<CreateWidgetCall>();
    // What the widget passes is what createParleyCall takes.
    expectTypeOf<WidgetCallOptions>().toExtend<ParleyCallOptions>();
  });
});

import type {
  BargeInRule as SharedBargeInRule,
  Eagerness as SharedEagerness,
  ReadyMessage,
  ReminderItem as SharedReminderItem,
  RoundTrip as SharedRoundTrip,
  ServerMessage,
  ToolCallStatus as SharedToolCallStatus,
  TurnStatus as SharedTurnStatus,
} from '@parley/shared';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  BargeInRule,
  Eagerness,
  Providers,
  ReminderItem,
  RoundTrip,
  ToolCallEvent,
  ToolCallStatus,
  ToolClosedEvent,
  ToolConfirmEvent,
  ToolEvent,
  ToolProgressEvent,
  ToolResultEvent,
  TurnStatus,
} from './payload-types.ts';

type Message<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

// Risk R5 of docs/design/client-package.md: the payloads are plain interfaces, and the
// protocol's own (zod-inferred) types must fit them — a field the protocol changes shows here.
describe('the public payload types', () => {
  it('take the protocol’s values as they are', () => {
    expectTypeOf<SharedTurnStatus>().toEqualTypeOf<TurnStatus>();
    expectTypeOf<SharedEagerness>().toEqualTypeOf<Eagerness>();
    expectTypeOf<SharedBargeInRule>().toEqualTypeOf<BargeInRule>();
    expectTypeOf<SharedToolCallStatus>().toEqualTypeOf<ToolCallStatus>();
    expectTypeOf<ReadyMessage['providers']>().toExtend<Providers>();
    expectTypeOf<SharedReminderItem>().toExtend<ReminderItem>();
    expectTypeOf<SharedRoundTrip>().toExtend<RoundTrip>();
  });

  it('take each tool message as its event', () => {
    expectTypeOf<Message<'tool.call'>>().toExtend<ToolCallEvent>();
    expectTypeOf<Message<'tool.result'>>().toExtend<ToolResultEvent>();
    expectTypeOf<Message<'tool.confirm'>>().toExtend<ToolConfirmEvent>();
    expectTypeOf<Message<'tool.closed'>>().toExtend<ToolClosedEvent>();
    expectTypeOf<Message<'tool.progress'>>().toExtend<ToolProgressEvent>();
    expectTypeOf<Extract<ServerMessage, { type: `tool.${string}` }>>().toExtend<ToolEvent>();
  });
});

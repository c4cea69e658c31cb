import { describe, expect, it } from 'vitest';
import type { ChatEntry } from '../state/types.ts';
import { errorScope, isReportedRelayError, withScope } from './error-scope.ts';

const entry = (role: ChatEntry['role'], turnId: number): ChatEntry => ({
  key: `${role}-${turnId}`,
  role,
  turnId,
  text: 'never reported',
  final: true,
});

describe("the ids of the page's error reports", () => {
  it('are the open session and the newest turn shown', () => {
    const entries = [entry('user', 3), entry('assistant', 3), entry('user', 5), entry('user', 4)];
    expect(errorScope({ sessionId: 'S1', entries })).toEqual({ sessionId: 'S1', turnId: 5 });
    expect(errorScope({ sessionId: null, entries: [] })).toEqual({});
  });

  it('tag an event, whose own ids win (a relay error names its turn)', () => {
    const scope = { sessionId: 'S1', turnId: 5 };
    expect(withScope({ message: 'x' }, scope)).toEqual({
      message: 'x',
      tags: { sessionId: 'S1', turnId: 5 },
      contexts: { turn: { sessionId: 'S1', turnId: 5 } },
    });
    expect(
      withScope({ tags: { turnId: 2, code: 'llm-failed' }, contexts: { os: {} } }, scope),
    ).toEqual({
      tags: { sessionId: 'S1', turnId: 2, code: 'llm-failed' },
      contexts: { os: {}, turn: { sessionId: 'S1', turnId: 2 } },
    });
    expect(withScope({}, {})).toEqual({ tags: {}, contexts: { turn: {} } });
  });
});

describe('a relay error', () => {
  it.each(['llm-failed', 'internal', 'bad-message'] as const)('%s is reported', (code) => {
    expect(isReportedRelayError(code)).toBe(true);
  });
  it.each(['rate-limited', 'budget-exceeded', 'unauthorized', 'no-session'] as const)(
    '%s is not',
    (code) => {
      expect(isReportedRelayError(code)).toBe(false);
    },
  );
});

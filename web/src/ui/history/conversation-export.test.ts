import { describe, expect, it } from 'vitest';
import { conversationExport, type SessionDetail } from '@parley/shared';
import { exportFileName, exportJson, exportMarkdown } from './conversation-export.ts';

const session: SessionDetail = {
  id: 'abc123',
  startedAt: Date.UTC(2026, 10, 23, 9, 30),
  endedAt: Date.UTC(2026, 10, 23, 9, 35),
  durationMs: 300_000,
  closeReason: 'client closed',
  costMicros: 4_200,
  turnCount: 2,
  title: 'Trip to Paris: plans!',
  metrics: null,
  turns: [
    {
      turnId: 1,
      userText: 'my name is Ada',
      assistantText: 'Hello Ada.',
      status: 'completed',
      interrupted: false,
      costMicros: 2_000,
      createdAt: Date.UTC(2026, 10, 23, 9, 31),
    },
    {
      turnId: 2,
      userText: '# not a heading\n- nor a list\n1. nor this',
      assistantText: 'Once upon',
      status: 'cancelled',
      interrupted: true,
      costMicros: 2_200,
      createdAt: Date.UTC(2026, 10, 23, 9, 32),
    },
  ],
};

describe('conversation export', () => {
  it('writes JSON of the shared schema, times in ISO 8601', () => {
    const json = exportJson(session);
    expect(conversationExport.parse(JSON.parse(JSON.stringify(json)))).toEqual(json);
    expect(json).toMatchObject({
      format: 'parley-conversation',
      version: 1,
      id: 'abc123',
      title: 'Trip to Paris: plans!',
      startedAt: '2026-11-23T09:30:00.000Z',
      endedAt: '2026-11-23T09:35:00.000Z',
      costMicros: 4_200,
    });
    expect(json.turns[1]).toEqual({
      turnId: 2,
      at: '2026-11-23T09:32:00.000Z',
      user: '# not a heading\n- nor a list\n1. nor this',
      assistant: 'Once upon',
      status: 'cancelled',
      interrupted: true,
      costMicros: 2_200,
    });
  });

  it('writes Markdown that reads as the conversation, user text never taken as markup', () => {
    expect(exportMarkdown(session)).toBe(
      [
        '# Trip to Paris: plans!',
        '',
        '2026-11-23T09:30:00.000Z · 2 turns · $0.0042',
        '',
        '**You:** my name is Ada',
        '',
        '**Parley:** Hello Ada.',
        '',
        '**You:** \\# not a heading  \n\\- nor a list  \n1\\. nor this',
        '',
        '**Parley:** Once upon — *interrupted*',
        '',
      ].join('\n'),
    );
  });

  it('names files by date and title', () => {
    expect(exportFileName(session, 'md')).toBe('parley-2026-11-23-trip-to-paris-plans.md');
    expect(exportFileName({ ...session, title: null }, 'json')).toBe(
      'parley-2026-11-23-conversation.json',
    );
  });
});

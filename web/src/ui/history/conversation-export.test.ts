import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { conversationExport, type SessionDetail } from '@parley/shared';
import { exportFileName, exportJson, exportMarkdown } from './conversation-export.ts';
import { intlFor } from '../../i18n/intl.ts';

const en = intlFor('en');

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

  it('includes the tools a turn called: every field in JSON, a line each in Markdown', () => {
    const call = {
      callId: 'call_1',
      name: 'add_to_list',
      arguments: '{"item":"milk"}',
      status: 'done' as const,
      summary: 'added <milk>',
      startedAtMs: 1_000,
      endedAtMs: 1_250,
    };
    const [first, second] = session.turns;
    const withTools: SessionDetail = {
      ...session,
      turns: [{ ...first!, toolCalls: [call] }, second!],
    };
    expect(exportJson(withTools).turns[0]?.toolCalls).toEqual([call]);
    expect(exportJson(withTools).turns[1]).not.toHaveProperty('toolCalls');
    expect(exportMarkdown(en, withTools)).toContain(
      '**You:** my name is Ada\n\n*Tool add_to_list: added &lt;milk&gt;*\n\n**Parley:** Hello Ada.',
    );
  });

  it('writes Markdown that reads as the conversation, user text never taken as markup', () => {
    expect(exportMarkdown(en, session)).toBe(
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

  // Issue 44, item 8: what a user said (or an answer quoted) is shown in any Markdown viewer as
  // it was said, and never runs: no tag, no link, whatever the viewer allows.
  describe('with HTML and links in the words', () => {
    const HOSTILE = [
      '<img src=x onerror=alert(1)>',
      '<script>alert(document.cookie)</script>',
      '[click me](javascript:alert(1))',
      '![pic](javascript:alert(2))',
      '<javascript:alert(3)>',
      '[ref]\n[ref]: javascript:alert(4)',
      'see javascript:alert(5) and <a href="javascript:alert(6)">this</a>',
      '`<b>code</b>` & &lt;already&gt; \\[escaped]',
      '    <iframe src="https://evil.example"></iframe>',
      '~~~\n<svg onload=alert(7)>\n~~~',
    ];
    const hostile: SessionDetail = {
      ...session,
      title: '<img src=x onerror=alert(0)> [t](javascript:x)',
      turns: HOSTILE.map((text, i) => ({
        ...session.turns[0]!,
        turnId: i + 1,
        userText: text,
        assistantText: `You said: ${text}`,
      })),
    };
    // The most permissive viewer: raw HTML on, bare URLs linked.
    const html = new MarkdownIt({ html: true, linkify: true }).render(exportMarkdown(en, hostile));

    it('renders no tag of theirs and no script link', () => {
      const tags = [...html.matchAll(/<([a-z0-9]+)[\s>]/gi)].map((m) => m[1]!.toLowerCase());
      // Links only where the viewer links a bare web address (theirs: `https://evil.example`).
      expect(new Set(tags)).toEqual(new Set(['h1', 'p', 'strong', 'br', 'a']));
      const links = [...html.matchAll(/<a [^>]*>/g)].map((m) => m[0]);
      expect(new Set(links)).toEqual(new Set(['<a href="https://evil.example">']));
      const attributes = [...html.matchAll(/<[a-z][^>]*>/gi)].map((m) => m[0]).join('');
      expect(attributes).not.toMatch(/\ssrc=|\son\w+=|javascript:/i);
    });

    it('keeps their words readable as said', () => {
      const text = html
        .replace(/<br>\n?/g, '\n')
        .replace(/<[^>]+>/g, '')
        .replace(/&#58;/g, ':')
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');
      for (const said of HOSTILE)
        for (const line of said.split('\n')) expect(text).toContain(line.trimStart());
    });

    it('leaves no raw angle bracket, for viewers that ignore backslash escapes', () => {
      expect(exportMarkdown(en, hostile)).not.toMatch(/[<>]/);
    });
  });

  it('writes a turn of the assistant’s own (a silent call’s check-in) as its words alone', () => {
    const checkIn = {
      turnId: 3,
      userText: '',
      assistantText: 'Are you still there?',
      status: 'completed',
      interrupted: false,
      costMicros: 0,
      createdAt: Date.UTC(2026, 10, 23, 9, 34),
    };
    const withCheckIn = { ...session, turns: [...session.turns, checkIn] };
    expect(exportJson(withCheckIn).turns[2]).toMatchObject({
      user: '',
      assistant: checkIn.assistantText,
    });
    expect(exportMarkdown(en, withCheckIn)).toMatch(
      /upon — \*interrupted\*\n\n\*\*Parley:\*\* Are you still there\?\n$/,
    );
    expect(exportMarkdown(en, withCheckIn)).not.toMatch(/\*\*You:\*\* \n/);
  });

  it('names files by date and title', () => {
    expect(exportFileName(session, 'md')).toBe('parley-2026-11-23-trip-to-paris-plans.md');
    expect(exportFileName({ ...session, title: null }, 'json')).toBe(
      'parley-2026-11-23-conversation.json',
    );
  });
});

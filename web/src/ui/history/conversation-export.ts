import {
  CONVERSATION_EXPORT_VERSION,
  conversationExport,
  type ConversationExport,
  type SessionDetail,
} from '@parley/shared';
import type { IntlShape } from 'react-intl';
import { formatMicros } from '../../i18n/format.ts';
import type { MessageId, MessageValues } from '../../i18n/intl.ts';
import { turnsText } from './history-text.ts';

const iso = (ms: number) => new Date(ms).toISOString();

/** A past conversation as the JSON file the history exports (checked against its schema). */
export function exportJson(session: SessionDetail): ConversationExport {
  return conversationExport.parse({
    format: 'parley-conversation',
    version: CONVERSATION_EXPORT_VERSION,
    id: session.id,
    title: session.title,
    startedAt: iso(session.startedAt),
    endedAt: session.endedAt === null ? null : iso(session.endedAt),
    costMicros: session.costMicros,
    turns: session.turns.map((t) => ({
      turnId: t.turnId,
      at: iso(t.createdAt),
      user: t.userText,
      assistant: t.assistantText,
      status: t.status,
      interrupted: t.interrupted,
      costMicros: t.costMicros,
      ...(t.toolCalls ? { toolCalls: t.toolCalls } : {}),
    })),
  });
}

/** What stands for each HTML-significant character: an entity every Markdown viewer decodes. */
const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Text as Markdown that shows it as typed and can do nothing else: `<`, `>` and `&` as entities
 * (no viewer renders a tag, not even one that takes raw HTML and ignores backslash escapes);
 * `[`, `]` and the backtick escaped (no link, image or code span, where entities would show as
 * typed); the colon of a `javascript:`, `vbscript:` or `data:` scheme as an entity, for viewers
 * that link bare URLs.
 */
function inline(text: string): string {
  return text
    .replace(/[&<>]/g, (c) => HTML_ENTITIES[c] ?? c)
    .replace(/[\\`[\]]/g, '\\$&')
    .replace(/\b(javascript|vbscript|data):/gi, '$1&#58;');
}

/**
 * Text as a Markdown paragraph: its own line breaks kept, nothing read as a heading, list, quote
 * or code block (lines lose their indentation), nothing read as markup ({@link inline}).
 */
function paragraph(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) =>
      inline(line.trimStart())
        .replace(/^([#*+~-])/, '\\$1')
        .replace(/^(\d+)([.)])/, '$1\\$2'),
    )
    .join('  \n');
}

/** A past conversation as Markdown: a title, when and what it cost, then who said what. */
export function exportMarkdown(intl: IntlShape, session: SessionDetail): string {
  const say = (id: MessageId, values?: MessageValues) => intl.formatMessage({ id }, values);
  const title = session.title ?? say('export.untitled');
  const lines = [
    `# ${inline(title.replace(/\s+/g, ' ').trim())}`,
    '',
    `${iso(session.startedAt)} · ${turnsText(intl, session.turns.length)} · ${formatMicros(intl, session.costMicros)}`,
  ];
  for (const t of session.turns) {
    // A turn of the assistant's own (the check-in of a silent call) has no words of theirs.
    if (t.userText !== '') lines.push('', `**${say('export.you')}:** ${paragraph(t.userText)}`);
    // What the assistant did between the words: one line per tool call.
    for (const call of t.toolCalls ?? [])
      lines.push(
        '',
        `*${say('export.tool', { name: inline(call.name), summary: inline(call.summary || call.status) })}*`,
      );
    const note = t.interrupted
      ? ` — *${say('export.interrupted')}*`
      : t.status === 'completed'
        ? ''
        : ` *(${t.status})*`;
    if (t.assistantText || note) lines.push('', `**Parley:** ${paragraph(t.assistantText)}${note}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A file name for an export: the date and the title, safe on every system. */
export function exportFileName(session: SessionDetail, extension: 'md' | 'json'): string {
  const date = iso(session.startedAt).slice(0, 10);
  const slug = (session.title ?? 'conversation')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `parley-${date}-${slug || 'conversation'}.${extension}`;
}

/** Hands `text` to the browser as a download named `name`. */
export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

import type { CallToolResult, ContentBlock } from '@modelcontextprotocol/sdk/types.js';
import type { ToolResult } from '../tool.ts';

/**
 * The most of a result the model reads (characters): a page of text. A tool that answers a
 * whole file would fill the model's context and delay its reply by seconds of input tokens.
 */
export const MAX_RESULT_CHARS = 8000;
/** The longest transcript line of a result (characters). */
export const MAX_SUMMARY_CHARS = 100;

/** Bytes of base64 data, as a person reads them (`1.2 KB`). */
function sizeOf(base64: string): string {
  const bytes = Math.floor((base64.replace(/=+$/, '').length * 3) / 4);
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KB`;
}

/** One content block as text: text as it is; an image, audio or resource summarised. */
function textOf(block: ContentBlock): { text: string; media: string | null } {
  switch (block.type) {
    case 'text':
      return { text: block.text, media: null };
    case 'image':
      return { text: `[image, ${block.mimeType}, ${sizeOf(block.data)}]`, media: 'image' };
    case 'audio':
      return { text: `[audio, ${block.mimeType}, ${sizeOf(block.data)}]`, media: 'audio clip' };
    case 'resource_link':
      return { text: `[resource link: ${block.name} <${block.uri}>]`, media: 'link' };
    case 'resource': {
      const r = block.resource;
      if ('text' in r) return { text: `[resource <${r.uri}>]\n${r.text}`, media: null };
      const mime = r.mimeType ?? 'binary';
      return { text: `[resource <${r.uri}>, ${mime}, ${sizeOf(r.blob)}]`, media: 'file' };
    }
  }
}

/** `text` cut to `max` characters, saying how much was left out. */
function truncated(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}\n… (cut: ${text.length - max} more characters)`;
}

/** The first line of `text` that says something, on one line, at most `max` characters. */
export function oneLine(text: string, max = MAX_SUMMARY_CHARS): string {
  const line =
    text
      .split('\n')
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .find((l) => l !== '') ?? '';
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

/**
 * What the model reads of a tool's result (its text, media summarised, structured content as
 * JSON when there is no text, cut at {@link MAX_RESULT_CHARS}) and a line for the transcript.
 * A result the server marked as an error stays one (`isError`): the tool ran and said it failed.
 */
export function toolResultOf(result: CallToolResult): ToolResult {
  const parts = result.content.map(textOf);
  let content = parts.map((p) => p.text).join('\n');
  if (content.trim() === '' && result.structuredContent !== undefined)
    content = JSON.stringify(result.structuredContent);
  const media = new Map<string, number>();
  for (const p of parts) if (p.media) media.set(p.media, (media.get(p.media) ?? 0) + 1);
  const mediaLine = [...media].map(([what, n]) => plural(n, what)).join(', ');
  const firstText = oneLine(
    parts
      .filter((p) => p.media === null)
      .map((p) => p.text)
      .join('\n') || (result.structuredContent === undefined ? '' : content),
  );
  const isError = result.isError === true;
  let summary = firstText || mediaLine || 'no result';
  if (firstText && mediaLine) summary = oneLine(`${firstText} (+${mediaLine})`);
  // A server's error text often starts with the protocol's code, which says nothing to a person.
  if (isError) summary = oneLine(`failed: ${summary.replace(/^MCP error -?\d+: /, '')}`);
  return {
    content: truncated(content || '(the tool returned nothing)', MAX_RESULT_CHARS),
    summary,
    ...(isError ? { isError: true } : {}),
  };
}

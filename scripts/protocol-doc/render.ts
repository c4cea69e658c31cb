import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as prettier from 'prettier';
import type { z } from 'zod';
import * as shared from '../../shared/src/index.ts';
import { ENDPOINTS, type Endpoint } from './http-endpoints.ts';
import {
  escapePipes,
  fieldRows,
  jsonSchemaOf,
  table,
  typeOf,
  variantsOf,
  type FieldRow,
  type JsonSchema,
} from './schema-table.ts';
import { SourceDocs } from './source-docs.ts';

/** The command that writes docs/protocol.md (the test's message names it). */
export const REGENERATE = 'pnpm docs:protocol';

/** Where the schemas and their prose live. */
export function protocolSources(root: string): string[] {
  const files = (dir: string) =>
    readdirSync(join(root, dir))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => join(root, dir, f));
  return [...files('shared/src/protocol'), join(root, 'shared/src/audio/constants.ts')];
}

type Schema = z.ZodType;
const exported: Record<string, unknown> = shared;

/** The export name of `schema` in `@parley/shared` (its prose is found by that name), if any. */
function nameOf(schema: unknown): string | undefined {
  return Object.keys(exported).find((k) => exported[k] === schema);
}

/** The schema exported as `name`, or an error naming it (a typo in the endpoint list). */
export function schemaNamed(name: string): Schema {
  const value = exported[name];
  if (typeof value !== 'object' || value === null || !('safeParse' in value))
    throw new Error(`@parley/shared exports no schema named ${name}`);
  return value as Schema;
}

/** The error-code enum, written out in full once (its own section) and linked elsewhere. */
const ERROR_CODE_TYPE = typeOf(jsonSchemaOf(shared.errorCode));

function rowsOf(schema: JsonSchema, fields: Map<string, string>): FieldRow[] {
  return fieldRows(schema, fields).map((r) =>
    r.type === ERROR_CODE_TYPE ? { ...r, type: 'an [error code](#error-codes)' } : r,
  );
}

function fieldsOf(schema: Schema, name: string, docs: SourceDocs): string {
  const variants = variantsOf(jsonSchemaOf(schema));
  const fields = docs.fieldDocs(name);
  const [only, ...others] = variants;
  if (only && others.length === 0) return table(rowsOf(only, fields));
  return variants
    .map((v, i) => `One of ${variants.length} shapes (${i + 1}):\n\n${table(rowsOf(v, fields))}`)
    .join('\n\n');
}

/**
 * A message's section: its prose and fields. A member written inline in its `union` (not
 * exported on its own) takes its field comments from the union's declaration.
 */
function messageSection(schema: Schema, docs: SourceDocs, union: string): string {
  const name = nameOf(schema);
  const type = (jsonSchemaOf(schema).properties?.type as { const?: unknown } | undefined)?.const;
  const prose = name === undefined ? undefined : docs.declDoc(name);
  return [
    `### \`${String(type)}\``,
    '',
    ...(prose ? [prose, ''] : []),
    ...(name === undefined ? [] : [`Schema: \`${name}\`.`, '']),
    fieldsOf(schema, name ?? union, docs),
  ].join('\n');
}

function logTailSection(docs: SourceDocs): string[] {
  return [
    '## The log tail (`/ws/logs`)',
    [
      "Admin only: a second WebSocket that streams this relay's log lines (redacted, as written",
      'to stdout, at the level `LOG_LEVEL` lets through), filtered by level, session and turn.',
      `Its subprotocol is \`${shared.LOG_TAIL_PROTOCOL}\`. A client that can set headers sends`,
      '`Authorization: Bearer <ADMIN_TOKEN>`; a browser asks for a ticket',
      '(`POST /api/admin/log-tail/ticket`) and offers it as a second subprotocol,',
      `\`${shared.LOG_TAIL_TICKET_PROTOCOL_PREFIX}<ticket>\`. The first filter is the upgrade's`,
      'query:',
    ].join('\n'),
    fieldsOf(shared.logTailQuery, 'logTailQuery', docs),
    '### Client → relay',
    ...shared.logTailClientMessage.options.map((m) =>
      messageSection(m, docs, 'logTailClientMessage'),
    ),
    '### Relay → client',
    ...shared.logTailServerMessage.options.map((m) =>
      messageSection(m, docs, 'logTailServerMessage'),
    ),
  ].map((part) => part.replace(/^### `/gm, '#### `'));
}

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');

/** The header layout table of codec.ts's comment: [offset, size, field] per row. */
export function headerLayout(
  docs: SourceDocs,
): { offset: number; size: number | null; field: string }[] {
  const raw = docs.rawDeclDoc('FRAME_HEADER_BYTES') ?? '';
  return raw
    .split('\n')
    .map((line) => /^\|\s*(\d+)\s*\|\s*(\d+|…)\s*\|\s*(.*?)\s*\|$/.exec(line.trim()))
    .filter((m) => m !== null)
    .map((m) => ({
      offset: Number(m[1]),
      size: m[2] === '…' ? null : Number(m[2]),
      field: m[3] ?? '',
    }));
}

/** The example frames of the document, built with the protocol's own encoders. */
export function exampleFrames(): { title: string; bytes: Uint8Array }[] {
  return [
    {
      title: 'A reply frame of PCM16: two samples, 1 and −1 (`encodeAudioFrame`)',
      bytes: shared.encodeAudioFrame({
        kind: shared.FrameKind.Reply,
        seq: 7,
        turnId: 3,
        timestampMs: 1_700_000_000_000,
        samples: Int16Array.from([1, -1]),
      }),
    },
    {
      title: 'A reply frame of Opus: one 20 ms packet of silence (`encodeOpusFrame`)',
      bytes: shared.encodeOpusFrame({
        kind: shared.FrameKind.Reply,
        seq: 8,
        turnId: 3,
        timestampMs: 1_700_000_000_020,
        packets: [Uint8Array.from([0xf8, 0xff, 0xfe])],
      }),
    },
  ];
}

function framesSection(docs: SourceDocs): string {
  const layout = headerLayout(docs);
  const examples = exampleFrames().map(({ title, bytes }) => {
    const rows = layout.map(({ offset, size, field }) => {
      const part = bytes.subarray(offset, size === null ? undefined : offset + size);
      return `| ${offset} | ${escapePipes(field)} | \`${hex(part)}\` |`;
    });
    return [`${title}:`, '', '| offset | field | bytes |', '| --- | --- | --- |', ...rows].join(
      '\n',
    );
  });
  return [
    '## Binary audio frames',
    '',
    'Audio travels in binary WebSocket messages, one frame each: microphone audio from the client,',
    'reply audio from the relay. Every frame starts with the same header',
    `(\`FRAME_HEADER_BYTES\` = ${shared.FRAME_HEADER_BYTES} bytes).`,
    '',
    docs.rawDeclDoc('FRAME_HEADER_BYTES') ?? '',
    '',
    `Kinds (\`FrameKind\`): ${Object.entries(shared.FrameKind)
      .map(([k, v]) => `\`${v}\` = ${k}`)
      .join(
        ', ',
      )}. Flags: bit 0 (\`FRAME_FLAG_OPUS\` = ${shared.FRAME_FLAG_OPUS}) set = the payload`,
    'is Opus packets, clear = PCM16 samples. Frames of an unexpected kind, another protocol',
    'version, a negative or non-finite timestamp, or a payload of the wrong size are refused',
    '(`bad-frame`; too many close the connection).',
    '',
    '### PCM16 payload',
    '',
    `${docs.declDoc('BYTES_PER_SAMPLE') ?? ''} A microphone frame holds exactly`,
    `\`CHUNK_SAMPLES\` = ${shared.CHUNK_SAMPLES} samples at ${shared.SAMPLE_RATE_HZ} Hz`,
    `(${shared.CHUNK_MS} ms); a reply frame 1 to \`MAX_REPLY_FRAME_SAMPLES\` =`,
    `${shared.MAX_REPLY_FRAME_SAMPLES} samples at the session's output rate`,
    '(`ready.outputSampleRateHz`).',
    '',
    '### Opus payload',
    '',
    `${docs.declDoc('OpusFrame') ?? ''} A packet is 1 to \`MAX_OPUS_PACKET_BYTES\` =`,
    `${shared.MAX_OPUS_PACKET_BYTES} bytes. Opus is used only where \`ready.codecs\` chose it;`,
    'PCM16 microphone frames are always accepted.',
    '',
    '### Examples',
    '',
    examples.join('\n\n'),
  ].join('\n');
}

function endpointSection(e: Endpoint, docs: SourceDocs): string {
  const parts = [`### \`${e.method} ${e.path}\``, '', e.about, '', `Who: ${e.access}.`, ''];
  if (e.request !== undefined) {
    parts.push(
      `Request body (JSON, \`${e.request}\`):`,
      '',
      fieldsOf(schemaNamed(e.request), e.request, docs),
      '',
    );
  }
  if ('schema' in e.response) {
    const name = e.response.schema;
    parts.push(`Response (JSON, \`${name}\`):`, '', fieldsOf(schemaNamed(name), name, docs));
  } else {
    parts.push(`Response: ${e.response.text}`);
  }
  return parts.join('\n');
}

const INTRO = `# Parley wire protocol

<!-- Generated by \`${REGENERATE}\` (scripts/protocol-doc/) from the zod schemas and their
comments in shared/src/protocol/. Do not edit by hand: a test fails when this file differs. -->

The browser (or \`pnpm talk\`) and the relay talk over one WebSocket (\`/ws\`) and a few HTTP
endpoints. Every message is a member of a zod discriminated union in \`shared/src/protocol/\`,
validated at the edge on both sides; this document is generated from those schemas.

A conversation:

1. \`POST /api/session\` (with the user's bearer token in \`jwt\` mode) returns a single-use
   ticket.
2. The client opens \`/ws\` and sends \`hello\` with the ticket within \`HELLO_TIMEOUT_MS\`; the
   relay answers \`ready\` (or closes with a close code below).
3. Text frames carry JSON control messages (at most \`MAX_JSON_MESSAGE_BYTES\`); binary frames
   carry audio. Microphone audio is acknowledged (\`ack\`) once durably handled; turn output
   (\`transcript.final\`, \`reply.*\`, \`turn.done\` and reply audio) shares one sequence, so a
   client that reconnects with \`hello.resume\` gets what it missed.
4. A message that does not parse is answered with \`error\` (\`bad-message\`, \`bad-frame\`); too
   many close the connection.`;

/**
 * docs/protocol.md, rendered from the schemas and sources under `root`, formatted by Prettier
 * with the repository's settings (so `prettier --check` and the test agree).
 */
export async function renderProtocolDoc(root: string): Promise<string> {
  const path = join(root, 'docs/protocol.md');
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(markdown(root), { ...options, filepath: path });
}

function markdown(root: string): string {
  const docs = new SourceDocs(protocolSources(root));
  const errorDocs = docs.memberDocs('errorCode');
  const closeDocs = docs.memberDocs('CloseCode');
  const constants: [string, number][] = [
    ['PROTOCOL_VERSION', shared.PROTOCOL_VERSION],
    ['MAX_JSON_MESSAGE_BYTES', shared.MAX_JSON_MESSAGE_BYTES],
    ['MAX_TYPED_CHARS', shared.MAX_TYPED_CHARS],
    ['SAMPLE_RATE_HZ', shared.SAMPLE_RATE_HZ],
    ['CHUNK_SAMPLES', shared.CHUNK_SAMPLES],
    ['MAX_REPLY_FRAME_SAMPLES', shared.MAX_REPLY_FRAME_SAMPLES],
    ['MAX_OPUS_PACKET_BYTES', shared.MAX_OPUS_PACKET_BYTES],
  ];
  const sections = [
    INTRO,
    '## Constants',
    [
      '| Name | Value | Meaning |',
      '| --- | --- | --- |',
      ...constants.map(
        ([name, value]) => `| \`${name}\` | ${value} | ${escapePipes(docs.declDoc(name) ?? '')} |`,
      ),
    ].join('\n'),
    '## Client → relay messages',
    ...shared.clientMessage.options.map((m) => messageSection(m, docs, 'clientMessage')),
    '## Relay → client messages',
    ...shared.serverMessage.options.map((m) => messageSection(m, docs, 'serverMessage')),
    '## Error codes',
    'The `code` of an `error` message and the `error` of an HTTP error body.',
    [
      '| Code | Meaning |',
      '| --- | --- |',
      ...shared.errorCode.options.map(
        (c) => `| \`${c}\` | ${escapePipes(errorDocs.get(c) ?? '')} |`,
      ),
    ].join('\n'),
    '## Close codes',
    [
      'The codes a WebSocket of the protocol closes with (`CloseCode`): 1000–1015 are standard,',
      "4000–4999 the relay's own. A close's reason is written for the user.",
    ].join('\n'),
    [
      '| Code | Name | Meaning |',
      '| --- | --- | --- |',
      ...Object.entries(shared.CloseCode).map(
        ([name, code]) => `| ${code} | \`${name}\` | ${escapePipes(closeDocs.get(name) ?? '')} |`,
      ),
    ].join('\n'),
    framesSection(docs),
    ...logTailSection(docs),
    '## HTTP endpoints',
    [
      'Every JSON answer that is not 2xx has the body below (`apiError`; a 404 has',
      '`error: "not-found"`); a 429 also has a `Retry-After` header. A page whose origin the',
      'relay does not serve gets 403 `siteNotAllowedError`: `error: "forbidden"` and the message',
      `"${shared.SITE_NOT_ALLOWED_MESSAGE}" (see [embedding](embedding.md)).`,
      '',
      fieldsOf(shared.apiError, 'apiError', docs),
    ].join('\n'),
    ...ENDPOINTS.map((e) => endpointSection(e, docs)),
  ];
  return `${sections.join('\n\n').replace(/\n{3,}/g, '\n\n')}\n`;
}

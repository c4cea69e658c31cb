import { z, type core } from 'zod';

/** A JSON Schema node as `z.toJSONSchema` writes it; `true` / `false` = anything / nothing. */
export type JsonSchema = core.JSONSchema.JSONSchema;
type Node = core.JSONSchema._JSONSchema;

/** One field of a message or a body: its path (`a.b`, `a[].b`), type, whether required, prose. */
export interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  doc: string;
}

/** `schema` as JSON Schema, as it is sent (its input side: defaults are optional). */
export function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
}

/** Bounds `z.number().int()` writes for "any integer": not worth printing. */
const SAFE = Number.MAX_SAFE_INTEGER;

/** A JSON Schema node as a short type for a table cell. */
export function typeOf(node: Node): string {
  if (typeof node === 'boolean') return node ? 'any' : 'nothing';
  const s = node;
  if (s.const !== undefined) return `\`${JSON.stringify(s.const)}\``;
  if (s.enum) return s.enum.map((v) => `\`${JSON.stringify(v)}\``).join(' \\| ');
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return variants.map(typeOf).join(' or ');
  const notes: string[] = [];
  switch (s.type) {
    case 'string':
      if (s.minLength !== undefined || s.maxLength !== undefined)
        notes.push(`${range(s.minLength, s.maxLength)} chars`);
      if (s.format) notes.push(s.format);
      if (s.pattern) notes.push(`\`${s.pattern.replaceAll('|', '\\|')}\``);
      return withNotes('string', notes);
    case 'integer':
    case 'number': {
      const min = s.minimum === -SAFE ? undefined : s.minimum;
      const max = s.maximum === SAFE ? undefined : s.maximum;
      if (min !== undefined || max !== undefined) notes.push(range(min, max));
      if (typeof s.exclusiveMinimum === 'number') notes.push(`> ${s.exclusiveMinimum}`);
      if (typeof s.exclusiveMaximum === 'number') notes.push(`< ${s.exclusiveMaximum}`);
      return withNotes(s.type, notes);
    }
    case 'array':
      if (s.minItems !== undefined || s.maxItems !== undefined)
        notes.push(`${range(s.minItems, s.maxItems)} items`);
      return withNotes(
        `array of ${s.items === undefined || Array.isArray(s.items) ? 'any' : typeOf(s.items)}`,
        notes,
      );
    case 'object':
      if (s.properties) return 'object';
      if (typeof s.additionalProperties === 'object') {
        const keys = s.propertyNames === undefined ? 'string' : typeOf(s.propertyNames);
        return `map of ${keys} → ${typeOf(s.additionalProperties)}`;
      }
      return 'object';
    case 'boolean':
    case 'null':
      return s.type;
    default:
      return 'any';
  }
}

function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined)
    return min === max ? `${min}` : min < 0 ? `${min} to ${max}` : `${min}–${max}`;
  return min !== undefined ? `≥ ${min}` : `≤ ${max ?? ''}`;
}

function withNotes(type: string, notes: string[]): string {
  return notes.length === 0 ? type : `${type} (${notes.join(', ')})`;
}

/** The object a node describes, when it is one (through `X | null`). */
function objectOf(node: Node | undefined): JsonSchema | undefined {
  if (node === undefined || typeof node === 'boolean') return undefined;
  const s = node;
  if (s.properties) return s;
  const variants = s.anyOf ?? s.oneOf;
  const objects = variants?.filter((v) => v.properties);
  return objects?.length === 1 ? objects[0] : undefined;
}

/**
 * The rows of an object schema: each field, then the fields of a field that is an object (or an
 * array of objects), depth first; `docs` by path (see `SourceDocs.fieldDocs`).
 */
export function fieldRows(s: JsonSchema, docs: Map<string, string>, base = ''): FieldRow[] {
  const rows: FieldRow[] = [];
  const required = new Set(s.required ?? []);
  for (const [name, field] of Object.entries(s.properties ?? {})) {
    const path = base === '' ? name : `${base}.${name}`;
    rows.push({
      path,
      type: typeOf(field),
      required: required.has(name),
      doc: docs.get(path) ?? '',
    });
    const inner = objectOf(field);
    if (inner) rows.push(...fieldRows(inner, docs, path));
    const items =
      typeof field !== 'boolean' && !Array.isArray(field.items) ? objectOf(field.items) : undefined;
    if (items) rows.push(...fieldRows(items, docs, `${path}[]`));
  }
  return rows;
}

/** The alternatives of a schema that is a union of objects (else the schema alone). */
export function variantsOf(s: JsonSchema): JsonSchema[] {
  const variants = (s.oneOf ?? s.anyOf)?.filter((v) => v.properties);
  return variants && variants.length > 0 ? variants : [s];
}

/** Rows as a Markdown table. */
export function table(rows: readonly FieldRow[]): string {
  const cell = (text: string) => text.replaceAll('\n', ' ');
  return [
    '| Field | Type | Required | Description |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| \`${r.path}\` | ${cell(r.type)} | ${r.required ? 'yes' : 'no'} | ${cell(escapePipes(r.doc))} |`,
    ),
  ].join('\n');
}

/** `|` escaped for a table cell, except inside code spans already escaped. */
export function escapePipes(text: string): string {
  return text.replace(/(?<!\\)\|/g, '\\|');
}

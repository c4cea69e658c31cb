/**
 * A minimal reader of version-3 source maps (the ones Vite writes next to each chunk): maps a
 * generated position back to its source, and attributes a chunk's characters to its sources.
 * Enough for naming profiled functions and sizing what a chunk holds, without a dependency.
 */
import { readFileSync } from 'node:fs';

interface RawSourceMap {
  sources: string[];
  sourcesContent?: (string | null)[];
  names?: string[];
  mappings: string;
}

/** One mapping segment: generated column → source index, original line and column (0-based). */
interface Segment {
  column: number;
  source: number;
  line: number;
  sourceColumn: number;
  name: number;
}

export interface OriginalPosition {
  source: string;
  /** 1-based, like editors. */
  line: number;
  /** The function's name: read from the source line (a minifier's map often names parameters). */
  name: string | null;
}

const NOT_NAMES = new Set(['if', 'for', 'while', 'switch', 'return', 'function', 'catch', 'new']);

/**
 * The function defined at `column` of `line`: the last `name(`, `name = (`, `name: function (`
 * or `function name(` starting at or before it (V8 places a function at its name or its
 * parameter list), else the first one after.
 */
function functionNameAt(line: string, column: number): string | null {
  let before: string | null = null;
  let after: string | null = null;
  for (const m of line.matchAll(
    /([A-Za-z_$][\w$]*)\s*(?:[:=]\s*(?:async\s*)?(?:function\b\s*\*?\s*)?)?(?:<[^>]*>)?\(/g,
  )) {
    const name = m[1];
    if (name === undefined || NOT_NAMES.has(name)) continue;
    if (m.index <= column) before = name;
    else {
      after = name;
      break;
    }
  }
  return before ?? after;
}

const B64 = new Map(
  Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', (c, i) => [c, i]),
);

function decodeVlq(text: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const c of text) {
    const digit = B64.get(c);
    if (digit === undefined) throw new Error(`bad VLQ character ${c}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    out.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return out;
}

export class SourceMap {
  readonly sources: string[];
  private readonly names: string[];
  private readonly contents: (string[] | null)[];
  /** Segments of each generated line, in column order. */
  private readonly lines: Segment[][] = [];

  constructor(raw: RawSourceMap) {
    this.sources = raw.sources;
    this.names = raw.names ?? [];
    this.contents = raw.sources.map((_, i) => raw.sourcesContent?.[i]?.split('\n') ?? null);
    let source = 0;
    let line = 0;
    let sourceColumn = 0;
    let name = 0;
    for (const text of raw.mappings.split(';')) {
      const segments: Segment[] = [];
      let column = 0;
      for (const field of text.split(',')) {
        if (field === '') continue;
        const v = decodeVlq(field);
        column += v[0] ?? 0;
        if (v.length < 4) {
          segments.push({ column, source: -1, line: 0, sourceColumn: 0, name: -1 });
          continue;
        }
        source += v[1] ?? 0;
        line += v[2] ?? 0;
        sourceColumn += v[3] ?? 0;
        const named = v.length >= 5;
        if (named) name += v[4] ?? 0;
        segments.push({ column, source, line, sourceColumn, name: named ? name : -1 });
      }
      this.lines.push(segments);
    }
  }

  static read(file: string): SourceMap {
    return new SourceMap(JSON.parse(readFileSync(file, 'utf8')) as RawSourceMap);
  }

  /** The source position of generated `line`, `column` (both 0-based), or null if unmapped. */
  lookup(line: number, column: number): OriginalPosition | null {
    const segments = this.lines[line];
    if (!segments || segments.length === 0) return null;
    let lo = 0;
    let hi = segments.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((segments[mid]?.column ?? 0) <= column) lo = mid;
      else hi = mid - 1;
    }
    const s = segments[lo];
    if (!s || s.column > column || s.source < 0) return null;
    const text = this.contents[s.source]?.[s.line];
    let name = text === undefined ? null : functionNameAt(text, s.sourceColumn);
    if (name === null && s.name >= 0) name = this.names[s.name] ?? null;
    return { source: this.sources[s.source] ?? '?', line: s.line + 1, name };
  }

  /** Generated characters attributed to each source (a segment owns the text up to the next). */
  charsBySource(code: string): Map<string, number> {
    const out = new Map<string, number>();
    const lineLengths = code.split('\n').map((l) => l.length);
    for (const [i, segments] of this.lines.entries()) {
      const length = lineLengths[i] ?? 0;
      for (const [j, s] of segments.entries()) {
        const end = segments[j + 1]?.column ?? length;
        const key = s.source < 0 ? '(unmapped)' : (this.sources[s.source] ?? '?');
        out.set(key, (out.get(key) ?? 0) + Math.max(0, end - s.column));
      }
    }
    return out;
  }
}

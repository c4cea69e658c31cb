import { readFileSync } from 'node:fs';
import ts from 'typescript';

/**
 * The prose of the protocol, where its authors keep it: the JSDoc comments beside the zod
 * schemas in `shared/src/protocol/`. Read with TypeScript's parser (no type checking): the
 * comment of each `const`, of each field of a `z.strictObject({...})` (through `.extend`,
 * `.optional()`, `z.array(...)` and schemas named by identifier), of each member of an object
 * literal (`CloseCode`) and of each value of a `z.enum([...])`.
 */
export class SourceDocs {
  private readonly decls = new Map<string, { node: ts.VariableDeclaration; text: string }>();
  /** Every top-level statement that declares `name` (a const, an interface, a function). */
  private readonly statements = new Map<string, { node: ts.Statement; text: string }>();

  constructor(files: readonly string[]) {
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      for (const statement of source.statements) {
        const keep = (name: string) => {
          if (!this.statements.has(name)) this.statements.set(name, { node: statement, text });
        };
        if (ts.isVariableStatement(statement)) {
          for (const d of statement.declarationList.declarations) {
            if (!ts.isIdentifier(d.name)) continue;
            keep(d.name.text);
            if (!this.decls.has(d.name.text)) this.decls.set(d.name.text, { node: d, text });
          }
        } else if (
          (ts.isInterfaceDeclaration(statement) ||
            ts.isFunctionDeclaration(statement) ||
            ts.isTypeAliasDeclaration(statement)) &&
          statement.name
        ) {
          keep(statement.name.text);
        }
      }
    }
  }

  /** The comment of the declaration of `name` (its statement's), or undefined. */
  declDoc(name: string): string | undefined {
    const s = this.statements.get(name);
    return s && docBefore(s.node, s.text);
  }

  /** The comment of `name`'s declaration as written, line breaks kept (a table in a comment). */
  rawDeclDoc(name: string): string | undefined {
    const s = this.statements.get(name);
    return s && docBefore(s.node, s.text, false);
  }

  /**
   * The comments of the fields of schema `name`, by path: `a`, `a.b` for an object's field,
   * `a[].b` for a field of an array's items. A field without its own comment takes that of the
   * schema it names (`timings: turnTimings`), if that has one.
   */
  fieldDocs(name: string): Map<string, string> {
    const docs = new Map<string, string>();
    const d = this.decls.get(name);
    if (d?.node.initializer) this.walk(d.node.initializer, '', docs, d.text, new Set([name]));
    return docs;
  }

  /** The comments of the members of `const name = {...}` or `z.enum([...])`, by key or value. */
  memberDocs(name: string): Map<string, string> {
    const docs = new Map<string, string>();
    const d = this.decls.get(name);
    let init = d?.node.initializer;
    while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init)))
      init = init.expression;
    if (!d || !init) return docs;
    if (ts.isObjectLiteralExpression(init)) {
      for (const p of init.properties) {
        const doc = docBefore(p, d.text);
        if (doc && p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)))
          docs.set(p.name.text, doc);
      }
    } else if (ts.isCallExpression(init)) {
      const values = init.arguments[0];
      if (!values || !ts.isArrayLiteralExpression(values)) return docs;
      for (const e of values.elements) {
        const doc = docBefore(e, d.text);
        if (doc && ts.isStringLiteral(e)) docs.set(e.text, doc);
      }
    }
    return docs;
  }

  private walk(
    expr: ts.Expression,
    base: string,
    docs: Map<string, string>,
    text: string,
    seen: Set<string>,
  ): void {
    if (ts.isIdentifier(expr)) {
      const d = this.decls.get(expr.text);
      if (!d?.node.initializer || seen.has(expr.text)) return;
      this.walk(d.node.initializer, base, docs, d.text, new Set([...seen, expr.text]));
      return;
    }
    if (!ts.isCallExpression(expr)) return;
    const callee = expr.expression;
    if (!ts.isPropertyAccessExpression(callee)) return;
    const method = callee.name.text;
    const args = expr.arguments;
    const zCall = ts.isIdentifier(callee.expression) && callee.expression.text === 'z';
    if (zCall && ['strictObject', 'object', 'looseObject'].includes(method)) {
      const literal = args[0];
      if (literal && ts.isObjectLiteralExpression(literal))
        this.fields(literal, base, docs, text, seen);
    } else if (zCall && method === 'array' && args[0]) {
      this.walk(args[0], `${base}[]`, docs, text, seen);
    } else if (zCall && (method === 'discriminatedUnion' || method === 'union')) {
      const options = args.find((a) => ts.isArrayLiteralExpression(a));
      if (options && ts.isArrayLiteralExpression(options))
        for (const o of options.elements) this.walk(o, base, docs, text, seen);
    } else if (!zCall) {
      // `schema.optional()`, `.nullable()`, `.extend({...})`, `.min(1)`: the schema it modifies.
      this.walk(callee.expression, base, docs, text, seen);
      const literal = args[0];
      if (method === 'extend' && literal && ts.isObjectLiteralExpression(literal))
        this.fields(literal, base, docs, text, seen);
    }
  }

  private fields(
    literal: ts.ObjectLiteralExpression,
    base: string,
    docs: Map<string, string>,
    text: string,
    seen: Set<string>,
  ): void {
    for (const p of literal.properties) {
      if (!p.name || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
      const path = base === '' ? p.name.text : `${base}.${p.name.text}`;
      const value = ts.isShorthandPropertyAssignment(p)
        ? p.name
        : ts.isPropertyAssignment(p)
          ? p.initializer
          : undefined;
      const named = value && namedSchema(value);
      const doc = docBefore(p, text) ?? (named === undefined ? undefined : this.declDoc(named));
      if (doc) docs.set(path, doc);
      if (value) this.walk(value, path, docs, text, seen);
    }
  }
}

/** The identifier a field's schema starts from (`turnTimings` in `turnTimings.optional()`). */
function namedSchema(expr: ts.Expression): string | undefined {
  let e: ts.Expression = expr;
  while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression))
    e = e.expression.expression;
  return ts.isIdentifier(e) && e.text !== 'z' ? e.text : undefined;
}

/**
 * The last `/** … *\/` comment right before `node`, as one line (or its lines kept, for a table
 * written in a comment). `{@link X}` becomes `X`.
 */
function docBefore(node: ts.Node, text: string, oneLine = true): string | undefined {
  const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  const last = ranges.filter((r) => text.startsWith('/**', r.pos)).at(-1);
  if (!last) return undefined;
  const lines = text
    .slice(last.pos + 3, last.end - 2)
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, '').trimEnd());
  while (lines[0]?.trim() === '') lines.shift();
  while (lines.at(-1)?.trim() === '') lines.pop();
  const joined = oneLine
    ? lines
        .map((l) => l.trim())
        .join(' ')
        .replace(/\s+/g, ' ')
    : lines.join('\n');
  return joined.replace(/\{@link\s+([^}\s]+)\s*\}/g, '`$1`').trim() || undefined;
}

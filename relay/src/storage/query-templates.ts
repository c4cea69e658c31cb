import type { Compilable, CompiledQuery } from 'kysely';

/** Marks a value's place while a template is compiled (a string no caller's value starts with). */
const MARK = '\u0000parley-param:';

interface Template {
  query: CompiledQuery;
  /** For each parameter of the compiled query: the value it takes, or null for a constant. */
  slots: (string | null)[];
}

/**
 * Queries compiled once per shape. Kysely builds and compiles a query on every call (parsing,
 * an operation tree, a visitor that writes the SQL), and every turn runs the same statements
 * (docs/decisions.md#statements-prepared-once-queries-compiled-once). A template is compiled
 * once, with a placeholder for each value; each use only puts the values in their places.
 *
 * `build` must make the same SQL whatever the values: what changes the SQL (an optional column,
 * a number of rows) belongs in the key. Each value must reach the query as a bound parameter,
 * untouched (derive values before, not in `build`); compiling a template checks that every value
 * became a parameter and throws otherwise.
 */
export class QueryTemplates {
  private readonly templates = new Map<string, Template>();

  bind<V extends Record<string, unknown>>(
    key: string,
    values: V,
    build: (values: V) => Compilable,
  ): CompiledQuery {
    const template = this.templates.get(key) ?? this.compile(key, values, build);
    const { query, slots } = template;
    return {
      ...query,
      parameters: slots.map((name, i) => (name === null ? query.parameters[i] : values[name])),
    };
  }

  /** Templates compiled so far. */
  get size(): number {
    return this.templates.size;
  }

  private compile<V extends Record<string, unknown>>(
    key: string,
    values: V,
    build: (values: V) => Compilable,
  ): Template {
    const names = Object.keys(values);
    const marks = Object.fromEntries(names.map((name) => [name, `${MARK}${name}`])) as V;
    const query = build(marks).compile();
    const slots = query.parameters.map((p) =>
      typeof p === 'string' && p.startsWith(MARK) ? p.slice(MARK.length) : null,
    );
    const unused = names.filter((name) => !slots.includes(name));
    if (unused.length > 0 || query.sql.includes(MARK))
      throw new Error(
        `query template ${key}: ${unused.join(', ') || 'a value'} did not become a bound parameter`,
      );
    const template = { query, slots };
    this.templates.set(key, template);
    return template;
  }
}

/**
 * `parts` one after another in one new array of `kind` (Int16Array, Float32Array, Uint8Array):
 * audio blocks into one signal, byte parts into one body.
 */
export function concat<T extends Int16Array | Float32Array | Uint8Array>(
  kind: new (length: number) => T,
  parts: readonly ArrayLike<number>[],
): T {
  const out = new kind(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

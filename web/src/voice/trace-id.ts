/** Now, in epoch ms (sub-millisecond): the clock of a turn's client-side marks. */
export const now = () => performance.timeOrigin + performance.now();

/** A short random id for one turn (spoken or typed), carried into the relay's logs. */
export function newTraceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

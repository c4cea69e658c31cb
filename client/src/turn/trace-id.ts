/** Now, in epoch ms (sub-millisecond): the clock of a turn's client-side marks. */
export const now = () => performance.timeOrigin + performance.now();

/** A short random id for one turn (spoken or typed), carried into the relay's logs. */
export { newTraceId } from '@parley/shared';

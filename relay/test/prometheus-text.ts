import parse from 'parse-prometheus-text-format';

/** One series of a histogram, its numbers parsed. */
interface HistogramSeries {
  labels: Record<string, string>;
  /** Cumulative count per upper bound (`le`), "+Inf" included. */
  buckets: Record<string, number>;
  count: number;
  sum: number;
}

/** A parsed `/metrics` answer, with lookups by name and (a subset of) labels. */
export interface Exposition {
  /** Family names, in order. */
  names: string[];
  /** COUNTER, GAUGE, HISTOGRAM… as the `# TYPE` line says. */
  typeOf(name: string): string | undefined;
  /** Counter or gauge: the first series whose labels include `labels`. */
  value(name: string, labels?: Record<string, string>): number | undefined;
  /** Every series of a counter or gauge. */
  series(name: string): { labels: Record<string, string>; value: number }[];
  /** Histogram: the first series whose labels include `labels`. */
  histogram(name: string, labels?: Record<string, string>): HistogramSeries | undefined;
}

const includes = (have: Record<string, string> | undefined, want: Record<string, string>) =>
  Object.entries(want).every(([k, v]) => have?.[k] === v);

/**
 * Parses the text exposition format with `parse-prometheus-text-format`. That parser merges the
 * series of a labelled histogram into one and drops their `_sum` and `_count`, so histograms
 * are parsed as their plain `_bucket`, `_sum` and `_count` series and regrouped here by labels.
 */
export function parseExposition(text: string): Exposition {
  const histograms = new Set([...text.matchAll(/^# TYPE (\S+) histogram$/gm)].map((m) => m[1]));
  const families = parse(text.replace(/^(# TYPE \S+) histogram$/gm, '$1 untyped'));
  const family = (name: string) => families.find((f) => f.name === name);
  // A histogram's series interleave (buckets, sum, count, next series…): untyped, each run of
  // lines is a family of its own, so gather every family of the name.
  const series = (name: string) =>
    families
      .filter((f) => f.name === name)
      .flatMap((f) => f.metrics)
      .map((m) => ({ labels: m.labels ?? {}, value: Number(m.value) }));

  const histogram = (name: string, want: Record<string, string> = {}) => {
    const grouped = new Map<string, HistogramSeries>();
    const entry = (labels: Record<string, string>) => {
      const rest = { ...labels };
      delete rest.le;
      const key = JSON.stringify(Object.entries(rest).sort());
      let h = grouped.get(key);
      if (!h) {
        h = { labels: rest, buckets: {}, count: Number.NaN, sum: Number.NaN };
        grouped.set(key, h);
      }
      return h;
    };
    for (const s of series(`${name}_bucket`)) entry(s.labels).buckets[s.labels.le ?? '?'] = s.value;
    for (const s of series(`${name}_count`)) entry(s.labels).count = s.value;
    for (const s of series(`${name}_sum`)) entry(s.labels).sum = s.value;
    return [...grouped.values()].find((h) => includes(h.labels, want));
  };

  return {
    names: [...new Set(families.map((f) => f.name))],
    typeOf: (name) => (histograms.has(name) ? 'HISTOGRAM' : family(name)?.type),
    value: (name, want = {}) => series(name).find((s) => includes(s.labels, want))?.value,
    series,
    histogram,
  };
}

/** A relay's `/metrics` now, parsed (a request from this machine needs no token). */
export async function scrapeRelay(relay: { url: string }): Promise<Exposition> {
  const res = await fetch(`${relay.url}/metrics`);
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
  return parseExposition(await res.text());
}

/** Microphone frames a relay has counted (`parley_mic_frames_total`), by outcome. */
export async function micFrames(relay: {
  url: string;
}): Promise<{ accepted: number; duplicate: number; missing: number }> {
  const m = await scrapeRelay(relay);
  const count = (outcome: string) => m.value('parley_mic_frames_total', { outcome }) ?? 0;
  return { accepted: count('accepted'), duplicate: count('duplicate'), missing: count('missing') };
}

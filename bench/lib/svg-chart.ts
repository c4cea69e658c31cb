/** A line of a chart: one value per x label (NaN: no point). */
interface Series {
  name: string;
  color: string;
  values: number[];
  dashed?: boolean;
}

export interface Panel {
  title: string;
  xLabel: string;
  xLabels: string[];
  series: Series[];
  /** Log-10 y axis (values ≤ 0 are drawn at the floor). */
  log?: boolean;
  /** Horizontal reference lines (a goal, a limit). */
  refs?: { y: number; label: string; color: string }[];
}

const W = 460;
const H = 340;
const M = { left: 56, right: 16, top: 34, bottom: 96 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (x: number) => (Math.round(x * 10) / 10).toString();

function ticks(lo: number, hi: number, log: boolean): number[] {
  if (log) {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) out.push(10 ** e);
    return out;
  }
  const step = 10 ** Math.floor(Math.log10(hi / 4 || 1));
  const nice = [1, 2, 2.5, 5, 10].map((k) => k * step).find((s) => hi / s <= 6) ?? step * 10;
  const out: number[] = [];
  for (let t = 0; t <= hi + 1e-9; t += nice) out.push(t);
  return out;
}

/** One panel as an SVG group at (`x0`, 0). */
function panel(p: Panel, x0: number): string {
  const all = [...p.series.flatMap((s) => s.values), ...(p.refs ?? []).map((r) => r.y)].filter(
    (v) => Number.isFinite(v) && (!p.log || v > 0),
  );
  const log = p.log === true;
  const lo = log ? 10 ** Math.floor(Math.log10(Math.min(...all, 1))) : 0;
  const hiRaw = Math.max(...all, log ? 10 : 1);
  const hi = log ? 10 ** Math.ceil(Math.log10(hiRaw)) : hiRaw * 1.1;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const n = p.xLabels.length;
  const xAt = (i: number) => M.left + (n === 1 ? pw / 2 : (i * pw) / (n - 1));
  const yAt = (v: number) => {
    const t = log
      ? (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))
      : v / hi;
    return M.top + ph * (1 - Math.min(1, Math.max(0, t)));
  };
  const out: string[] = [`<g transform="translate(${x0},0)">`];
  out.push(
    `<text x="${M.left}" y="20" font-size="14" font-weight="bold">${esc(p.title)}</text>`,
    `<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="#999"/>`,
  );
  for (const t of ticks(lo, hi, log)) {
    if (t < lo || t > hi) continue;
    const y = yAt(t);
    out.push(
      `<line x1="${M.left}" x2="${M.left + pw}" y1="${y}" y2="${y}" stroke="#eee"/>`,
      `<text x="${M.left - 6}" y="${y + 4}" font-size="11" text-anchor="end">${num(t)}</text>`,
    );
  }
  p.xLabels.forEach((label, i) => {
    out.push(
      `<text x="${xAt(i)}" y="${M.top + ph + 16}" font-size="11" text-anchor="middle">${esc(label)}</text>`,
    );
  });
  out.push(
    `<text x="${M.left + pw / 2}" y="${M.top + ph + 34}" font-size="12" text-anchor="middle">${esc(p.xLabel)}</text>`,
  );
  for (const r of p.refs ?? []) {
    const y = yAt(r.y);
    out.push(
      `<line x1="${M.left}" x2="${M.left + pw}" y1="${y}" y2="${y}" stroke="${r.color}" stroke-dasharray="6 4"/>`,
      `<text x="${M.left + pw - 4}" y="${y - 4}" font-size="11" text-anchor="end" fill="${r.color}">${esc(r.label)}</text>`,
    );
  }
  for (const s of p.series) {
    const pts = s.values
      .map((v, i) => (Number.isFinite(v) ? `${xAt(i).toFixed(1)},${yAt(v).toFixed(1)}` : null))
      .filter((v): v is string => v !== null);
    const dash = s.dashed ? ' stroke-dasharray="3 3"' : '';
    out.push(
      `<polyline points="${pts.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"${dash}/>`,
    );
    for (const pt of pts) {
      const [cx, cy] = pt.split(',');
      out.push(`<circle cx="${cx}" cy="${cy}" r="3" fill="${s.color}"/>`);
    }
  }
  p.series.forEach((s, i) => {
    const y = M.top + ph + 52 + i * 15;
    out.push(
      `<line x1="${M.left}" x2="${M.left + 18}" y1="${y - 4}" y2="${y - 4}" stroke="${s.color}" stroke-width="2"/>`,
      `<text x="${M.left + 24}" y="${y}" font-size="11">${esc(s.name)}</text>`,
    );
  });
  out.push('</g>');
  return out.join('\n');
}

/** Panels side by side, a caption under them: a self-contained SVG document. */
export function svgChart(panels: Panel[], caption: string): string {
  const width = W * panels.length;
  const height = H + 24;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...panels.map((p, i) => panel(p, i * W)),
    `<text x="8" y="${height - 8}" font-size="11" fill="#555">${esc(caption)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}

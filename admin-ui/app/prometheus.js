// Reads the Prometheus text exposition format (/q/metrics) into samples, for the live page.

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** Every sample in `text` as {name, labels, value}; comments (# HELP, # TYPE) and unreadable lines are left out. */
export function parseMetrics(text) {
  const samples = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (!m) {
      continue;
    }
    const labels = {};
    for (const [, key, value] of (m[2] ?? '').matchAll(LABEL)) {
      labels[key] = value.replace(/\\(.)/g, (_, c) => (c === 'n' ? '\n' : c));
    }
    samples.push({name: m[1], labels, value: Number(m[3])});
  }
  return samples;
}

/** The sum of the samples called `name`, whatever their labels. */
export function sum(samples, name) {
  return samples.filter(s => s.name === name).reduce((total, s) => total + s.value, 0);
}

/** The sum of `name` per value of its label `label`, as a Map (e.g. decisions per outcome). */
export function sumBy(samples, name, label) {
  const totals = new Map();
  for (const s of samples.filter(x => x.name === name)) {
    const key = s.labels[label] ?? '';
    totals.set(key, (totals.get(key) ?? 0) + s.value);
  }
  return totals;
}

/** The one sample `name` with exactly these labels' values, or null when the service does not expose it (yet). */
export function value(samples, name, where = {}) {
  const s = samples.find(x => x.name === name && Object.entries(where).every(([k, v]) => x.labels[k] === v));
  return s ? s.value : null;
}

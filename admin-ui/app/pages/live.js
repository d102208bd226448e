// Live: the service's own metrics every 5 seconds (/q/metrics, Prometheus text, and /q/health/ready)
// — decisions per second from the counter's growth, decide's p99, the outcome mix and the owners'
// share, and whether the audit log writes to the database or its journal. Polling stops when the
// page is left.

import {getResponse, send} from '../api.js';
import {h, replace} from '../dom.js';
import * as fmt from '../format.js';
import {WATCHES_LIVE, hasAny} from '../roles.js';
import {parseMetrics, sum, sumBy, value} from '../prometheus.js';
import {emptyState, problemBox} from '../views.js';

const INTERVAL_MS = 5000;
/** The rolling charts keep 5 minutes. */
const WINDOW_POINTS = 60;
const OUTCOMES = ['ROUTED', 'NO_OWNER', 'AMBIGUOUS'];
const MODES = {database: 'Database', journal: 'Journal'};

export const livePage = {
  id: 'live',
  title: 'Live',
  allowed: me => me.tenant == null && hasAny(me, WATCHES_LIVE),
  render(main) {
    const tiles = {
      rate: tile('Decisions per second', 'rate'),
      p99: tile('Decide p99', 'p99'),
      total: tile('Decisions since start', 'total'),
      replayed: tile('Retries answered', 'replayed'),
      audit: tile('Audit log', 'audit'),
    };
    const problems = h('div');
    const rateChart = h('div', {class: 'chart', 'data-testid': 'rate-chart'});
    const p99Chart = h('div', {class: 'chart', 'data-testid': 'p99-chart'});
    const outcomeChart = h('div', {class: 'chart', 'data-testid': 'outcome-chart'});
    const ownerChart = h('div', {class: 'chart', 'data-testid': 'owner-chart'});
    const ownerEmpty = h('div');
    const updated = h('span', {class: 'muted', 'data-testid': 'updated'}, 'Reading the metrics…');
    main.append(
      h('header', {class: 'page-header page-header-actions'},
        h('div', null, h('h1', null, 'Live'),
          h('p', {class: 'muted'}, 'This replica\'s decisions as they are made, read from its metrics every 5 seconds.')),
        updated),
      problems,
      h('div', {class: 'stats'}, Object.values(tiles).map(t => t.el)),
      h('div', {class: 'chart-row'},
        h('section', {class: 'card chart-card'}, h('h2', null, 'Decisions per second'), rateChart),
        h('section', {class: 'card chart-card'}, h('h2', null, 'Decide p99 (ms)'), p99Chart)),
      h('div', {class: 'chart-row'},
        h('section', {class: 'card chart-card'}, h('h2', null, 'Outcomes since the service started'), outcomeChart),
        h('section', {class: 'card chart-card'}, h('h2', null, 'Owners of routed decisions'), ownerEmpty, ownerChart)));

    let alive = true;
    let timer = null;
    let charts = null;
    let previous = null;
    const rates = [];
    const p99s = [];

    const tick = async () => {
      try {
        const [metrics, health] = await Promise.all([
          getResponse('/q/metrics', 'text/plain').then(r => r.text()).then(parseMetrics),
          readiness(),
        ]);
        if (!alive) {
          return;
        }
        const now = Date.now();
        const total = sum(metrics, 'arbiter_decisions_total');
        // A rate needs two readings; a counter that went down means the service restarted in between.
        const rate = previous && total >= previous.total ? (total - previous.total) / ((now - previous.at) / 1000) : null;
        previous = {at: now, total};
        const p99 = value(metrics, 'arbiter_decide_seconds', {quantile: '0.99'});
        if (rate != null) {
          push(rates, [now, rate]);
        }
        if (p99 != null) {
          push(p99s, [now, p99 * 1000]);
        }
        replace(problems);
        showTiles(tiles, {rate, p99, total, replayed: sum(metrics, 'arbiter_decisions_replayed_total'), metrics, health});
        const byOutcome = sumBy(metrics, 'arbiter_decisions_total', 'outcome');
        const owners = [...sumBy(metrics.filter(s => s.labels.outcome === 'ROUTED'), 'arbiter_decisions_total', 'owner')]
          .filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
        replace(ownerEmpty, owners.length === 0 && emptyState('No routed decision yet.', 'Owners appear as soon as commands are decided.'));
        replace(updated, `Updated ${new Date(now).toLocaleTimeString()}`);
        charts ??= await drawCharts();
        if (!alive) {
          return;
        }
        charts.rate.update(rates);
        charts.p99.update(p99s);
        charts.outcomes.update(OUTCOMES.map(o => ({name: o, value: byOutcome.get(o) ?? 0, color: charts.colors[o]})));
        charts.owners.update(owners.map(([name, n]) => ({name, value: n})));
      } catch (error) {
        if (alive) {
          replace(problems, problemBox(error));
        }
      } finally {
        if (alive) {
          timer = setTimeout(tick, INTERVAL_MS);
        }
      }
    };

    const drawCharts = () => import('../charts.js').then(c => ({
      colors: c.COLORS,
      rate: c.timeLine(rateChart, {name: 'decisions/s', windowMs: WINDOW_POINTS * INTERVAL_MS, format: v => fmt.number(Math.round(v * 10) / 10)}),
      p99: c.timeLine(p99Chart, {name: 'p99', windowMs: WINDOW_POINTS * INTERVAL_MS, color: c.COLORS.changed, format: v => `${fmt.number(Math.round(v * 10) / 10)} ms`}),
      outcomes: c.ring(outcomeChart, []),
      owners: c.ring(ownerChart, []),
    }));

    tick();
    return () => {
      alive = false;
      clearTimeout(timer);
      if (charts) {
        Object.values(charts).forEach(chart => chart.dispose?.());
      }
    };
  },
};

function push(points, point) {
  points.push(point);
  if (points.length > WINDOW_POINTS) {
    points.shift();
  }
}

/** The audit check of /q/health/ready: its 503 (DOWN) still carries the checks, and is the news. */
async function readiness() {
  const response = await send('GET', '/q/health/ready');
  const body = await response.json().catch(() => null);
  const audit = body?.checks?.find(c => c.name === 'audit log');
  return {up: body?.status === 'UP', audit: audit?.data ?? null};
}

function tile(label, key) {
  const value = h('p', {class: 'stat-value num'}, '—');
  const note = h('p', {class: 'stat-note'});
  return {el: h('div', {class: 'stat', dataset: {stat: key}}, h('p', {class: 'stat-label'}, label), value, note), value, note};
}

function showTiles(tiles, {rate, p99, total, replayed, metrics, health}) {
  replace(tiles.rate.value, rate == null ? '…' : fmt.number(Math.round(rate * 10) / 10));
  replace(tiles.rate.note, rate == null ? 'measuring: two readings 5 s apart' : 'over the last 5 seconds');
  replace(tiles.p99.value, p99 == null ? '—' : `${fmt.number(Math.round(p99 * 10000) / 10)} ms`);
  replace(tiles.p99.note, 'stamping to the durable answer, last minutes');
  replace(tiles.total.value, fmt.number(total));
  replace(tiles.replayed.value, fmt.number(replayed));
  replace(tiles.replayed.note, 'from the audit log, not decided again');
  replace(tiles.total.note, 'on this replica');

  const audit = health.audit;
  const mode = audit?.mode ?? null;
  const backlog = audit?.journalBacklog ?? value(metrics, 'arbiter_audit_journal_backlog');
  const degraded = audit?.degraded ?? value(metrics, 'arbiter_audit_degraded') === 1;
  replace(tiles.audit.value, MODES[mode] ?? (health.up ? 'Up' : 'Down'));
  replace(tiles.audit.note,
    !health.up ? 'not ready: decisions cannot be recorded (decide answers 503)'
      : mode === 'journal' ? `PostgreSQL away: ${fmt.count(backlog ?? 0, 'record')} in the journal, drained when it is back`
        : `writing to PostgreSQL${backlog ? `, ${fmt.count(backlog, 'record')} still to drain` : ''}`,
    degraded && h('span', {class: 'degraded', 'data-testid': 'degraded'}, ` · degraded${audit?.degradedReason ? `: ${audit.degradedReason}` : ''}`));
  tiles.audit.el.classList.toggle('stat-no-owner', !health.up || degraded);
  tiles.audit.el.classList.toggle('stat-changed', health.up && !degraded && mode === 'journal');
}

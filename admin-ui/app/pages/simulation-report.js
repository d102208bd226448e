// A completed simulation's report, for the person deciding whether to release: first the one
// sentence that matters, then the totals, the charts (changes by kind and by dimension, the owner
// transition heatmap), the new boundary problems, examples that open the decision, and the rows —
// per table, a link to the candidate's table editor with the rows that decided and those that
// decided nothing marked in the grid.

import {append, h, replace} from '../dom.js';
import * as fmt from '../format.js';
import {READS_AUDIT_LOG, hasAny} from '../roles.js';
import {emptyState, outcomeBadge, problemBox} from '../views.js';
import {fileHref} from './revision.js';

const DIMENSIONS = ['type', 'market', 'channel', 'tenant', 'cohort'];
const KIND_LABELS = {failureContract: 'failure contract'};
/** Values of a dimension shown in its chart; the rest are summed as "others". */
const MAX_VALUES = 12;
/** Files the table editor opens (DRL is shown as text: its rules cannot be marked). */
const TABLE_FILE = /\.drl\.(csv|xlsx|xls)$/i;

/** Fills `container` with the report of simulation `s`; returns the clean-up (the charts' disposal). */
export function simulationReport(container, s, me) {
  const r = s.report;
  // Example ids are decision ids when the simulation replayed the audit log: auditors can open them.
  const link = hasAny(me, READS_AUDIT_LOG) && s.source?.auditLog != null;
  const kindsChart = h('div', {class: 'chart', 'data-testid': 'changes-by-kind'});
  const dimensionChart = h('div', {class: 'chart', 'data-testid': 'changes-by-dimension'});
  const heatmap = h('div', {class: 'chart', 'data-testid': 'owner-heatmap'});
  const kinds = Object.entries(r.changesByKind ?? {}).filter(([, n]) => n > 0);

  append(container, [
    h('section', {class: 'card report-headline'},
      h('p', {class: 'headline', 'data-testid': 'headline'}, reportHeadline(r)),
      h('p', {class: 'muted', 'data-testid': 'report-source'}, `${r.candidate} compared with ${r.baseline}. Decisions replayed: `, sourceText(s.source), '.'),
      r.assumedSignals && h('p', {class: 'what-if', 'data-testid': 'report-what-if'}, 'What if: every decision replayed with ',
        Object.entries(r.assumedSignals).map(([name, value]) => `${name} = ${value}`).join(', '),
        ' instead of the signals it recorded. A question, not release evidence.')),
    h('div', {class: 'stats', 'data-testid': 'totals'},
      stat('Replayed', fmt.number(r.replayed)),
      stat('Unchanged', fmt.number(r.unchanged)),
      stat('Changed', fmt.number(r.changed), r.replayed ? fmt.percent(r.changed / r.replayed) : null, r.changed > 0 ? 'changed' : null),
      stat('New NO_OWNER', fmt.number(r.newNoOwner), null, r.newNoOwner > 0 ? 'no-owner' : null),
      stat('New AMBIGUOUS', fmt.number(r.newAmbiguous), null, r.newAmbiguous > 0 ? 'ambiguous' : null),
      r.errors > 0 && stat('Unreadable records', fmt.number(r.errors), null, 'no-owner')),
    r.noise > 0 && problemBox({title: `${fmt.count(r.noise, 'changed decision')} were made by the candidate itself`,
      detail: 'A revision replayed against its own decisions should change nothing: these point to rules that depend on the time or on randomness.'}),
    h('div', {class: 'chart-row'},
      h('section', {class: 'card chart-card'}, h('h2', null, 'Changes by kind'),
        kinds.length ? kindsChart : emptyState('Nothing would change.', 'Every replayed decision comes out the same under the candidate.')),
      h('section', {class: 'card chart-card'},
        h('div', {class: 'chart-head'}, h('h2', null, 'Changes by ', dimensionPicker(r, name => drawDimension(name)))),
        dimensionChart)),
    h('section', {class: 'card chart-card'},
      h('h2', null, 'Owner before → after'),
      h('p', {class: 'muted'}, 'Rows: the owner each decision had; columns: the owner under the candidate. Grey cells stayed, amber ones moved.'),
      heatmap, moves(r, link)),
    boundaryProblems(r, link),
    examplesByKind(r, link),
    rowTables(r, s),
    rows(r, s),
    r.errors > 0 && h('section', {class: 'card card-pad'}, h('h2', null, 'Unreadable records'),
      h('ul', {class: 'plain-list mono'}, (r.errorSamples ?? []).map(e => h('li', null, e))))]);

  const charts = [];
  let alive = true;
  let byDimension = null;
  // Until the chart module has loaded, picking a dimension has nothing to redraw.
  let drawDimension = () => {};
  import('../charts.js').then(c => {
    if (!alive) {
      return;
    }
    if (kinds.length) {
      charts.push(c.bars(kindsChart, {categories: kinds.map(([k]) => KIND_LABELS[k] ?? k),
        series: [{name: 'decisions', values: kinds.map(([, n]) => n), color: c.COLORS.changed}]}));
    }
    drawDimension = name => {
      byDimension?.dispose();
      const values = topValues(r.breakdown?.[name] ?? {});
      byDimension = c.bars(dimensionChart, {categories: values.map(v => v.name), series: [
        {name: 'changed', values: values.map(v => v.changed), color: c.COLORS.changed},
        {name: 'unchanged', values: values.map(v => v.replayed - v.changed), color: c.COLORS.unchanged}]});
    };
    drawDimension(firstDimension(r));
    const cells = (r.ownerTransitions ?? []).map(t => ({from: owner(t.from), to: owner(t.to), count: t.count}));
    const from = distinct(cells.map(t => t.from));
    // As tall as its rows need: two owners make a small matrix, twenty a long one.
    heatmap.style.height = `${Math.min(640, 70 + 44 * from.length)}px`;
    charts.push(c.transitionHeatmap(heatmap, {from, to: distinct(cells.map(t => t.to)), cells}));
  }).catch(error => {
    console.error(error);
    replace(heatmap, problemBox({title: 'The charts could not be drawn', detail: 'Reload the page to try again; the numbers above and below are complete.'}));
  });
  return () => {
    alive = false;
    charts.forEach(c => c.dispose());
    byDimension?.dispose();
  };
}

/**
 * "25 of 25 decisions would change: owner NO_OWNER → archive-desk" — the owner move that matters most,
 * else the kinds of change. Also the evidence line of the Release panel's confirmation (release.js).
 */
export function reportHeadline(r) {
  if (r.changed === 0) {
    return `None of the ${fmt.count(r.replayed, 'replayed decision')} would change.`;
  }
  const share = `${fmt.number(r.changed)} of ${fmt.count(r.replayed, 'decision')} would change`;
  const moved = (r.ownerTransitions ?? []).filter(t => t.from !== t.to).sort((a, b) => b.count - a.count);
  if (moved.length > 0) {
    const [top] = moved;
    const more = moved.length > 1 ? ` (and ${fmt.count(moved.length - 1, 'other move')})` : '';
    return `${share}: owner ${owner(top.from)} → ${owner(top.to)}${more}`;
  }
  const kinds = Object.entries(r.changesByKind ?? {}).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]).map(([k]) => KIND_LABELS[k] ?? k);
  return `${share}: ${fmt.list(kinds)}${kinds.length === 1 ? ' changes' : ' change'}, owners stay`;
}

/** "Nov 22, 2026, 10:35 AM – Nov 29, …" (with the filters), or the uploaded file's name and size. */
export function sourceText(source) {
  if (source?.file) {
    return `file ${source.file.name} (${fmt.bytes(source.file.bytes)})`;
  }
  const log = source?.auditLog ?? {};
  const filters = ['type', 'correlationId', 'commandId', 'businessKey', 'owner', 'outcome', 'revision', 'tenant']
    .filter(k => log[k] != null).map(k => `${k} ${log[k]}`);
  if (log.last != null) {
    filters.push(`newest ${fmt.number(log.last)}`);
  }
  return [`${fmt.dateTime(log.from)} – ${fmt.dateTime(log.to)}`, filters.length ? ` · ${filters.join(', ')}` : ''].join('');
}

/** The table editor of the candidate's `file` with this simulation's rows marked. */
export function gridHref(s, file) {
  return `${fileHref(s.candidateRevision, file)}?simulation=${encodeURIComponent(s.id)}`;
}

/** "(NO_OWNER)", as the report writes a decision without an owner, reads "NO_OWNER". */
function owner(name) {
  return name.replace(/^\((.*)\)$/, '$1');
}

function stat(label, value, note, tone) {
  return h('div', {class: `stat${tone ? ` stat-${tone}` : ''}`, dataset: {stat: label}},
    h('p', {class: 'stat-label'}, label), h('p', {class: 'stat-value num'}, value), note && h('p', {class: 'stat-note'}, note));
}

/** The dimension shown first: the first that has changes in more than one value, else the first with changes. */
function firstDimension(r) {
  const changedValues = d => Object.values(r.breakdown?.[d] ?? {}).filter(c => c.changed > 0).length;
  return DIMENSIONS.find(d => changedValues(d) > 1) ?? DIMENSIONS.find(d => changedValues(d) > 0) ?? DIMENSIONS[0];
}

function dimensionPicker(r, onChange) {
  const select = h('select', {class: 'inline-select', 'aria-label': 'Dimension', onchange: e => onChange(e.target.value)},
    DIMENSIONS.map(d => h('option', {value: d}, d)));
  select.value = firstDimension(r);
  return select;
}

/** The values with the most changes (the report sorts them so), the rest summed as "others". */
function topValues(values) {
  const entries = Object.entries(values).map(([name, c]) => ({name: name === '(none)' ? '(not set)' : name, ...c}));
  if (entries.length <= MAX_VALUES) {
    return entries;
  }
  const rest = entries.slice(MAX_VALUES - 1);
  return [...entries.slice(0, MAX_VALUES - 1), {name: `${rest.length} others`,
    replayed: rest.reduce((n, v) => n + v.replayed, 0), changed: rest.reduce((n, v) => n + v.changed, 0)}];
}

function distinct(values) {
  return [...new Set(values)].sort();
}

function moves(r, link) {
  const moved = (r.ownerTransitions ?? []).filter(t => t.from !== t.to).sort((a, b) => b.count - a.count);
  if (moved.length === 0) {
    return h('p', {class: 'muted'}, 'No decision changes owner.');
  }
  return h('table', {class: 'table', 'data-testid': 'moves'},
    h('thead', null, h('tr', null, h('th', null, 'Before'), h('th', null, 'After'), h('th', {class: 'num'}, 'Decisions'), h('th', null, 'For example'))),
    h('tbody', null, moved.map(t => h('tr', null,
      h('td', null, owner(t.from)), h('td', null, owner(t.to)), h('td', {class: 'num'}, fmt.number(t.count)),
      h('td', null, exampleLinks(t.examples, link))))));
}

function boundaryProblems(r, link) {
  if (!r.newNoOwner && !r.newAmbiguous) {
    return h('section', {class: 'card card-pad', 'data-testid': 'boundary'}, h('h2', null, 'New boundary problems'),
      h('p', null, 'None: every decision that had an owner keeps one, and no two tables disagree where they agreed before.'));
  }
  return h('section', {class: 'card card-pad', 'data-testid': 'boundary'}, h('h2', null, 'New boundary problems'),
    r.newNoOwner > 0 && h('p', null, outcomeBadge('NO_OWNER'),
      ` ${fmt.count(r.newNoOwner, 'decision')} would have no owner: `, exampleLinks(r.newNoOwnerExamples, link)),
    r.newAmbiguous > 0 && h('p', null, outcomeBadge('AMBIGUOUS'),
      ` ${fmt.count(r.newAmbiguous, 'decision')} would have two owners: `, exampleLinks(r.newAmbiguousExamples, link)));
}

function examplesByKind(r, link) {
  const kinds = Object.entries(r.examplesByKind ?? {}).filter(([, ids]) => ids.length > 0);
  if (kinds.length === 0) {
    return null;
  }
  return h('section', {class: 'card card-pad', 'data-testid': 'examples'}, h('h2', null, 'Examples of changed decisions'),
    !link && h('p', {class: 'muted'}, 'Opening a decision needs the auditor role (and a simulation over the audit log).'),
    h('dl', {class: 'examples'}, kinds.map(([kind, ids]) => [h('dt', null, KIND_LABELS[kind] ?? kind), h('dd', null, exampleLinks(ids, link))])));
}

function exampleLinks(ids, link) {
  return (ids ?? []).map((id, i) => [i > 0 ? ' ' : '',
    link ? h('a', {class: 'mono example', href: `#/audit/${id}`, title: id}, shortId(id)) : h('code', {title: id}, shortId(id))]);
}

/** Decision ids are UUIDv7: their first digits are the time, alike within a window; the last ones tell them apart. */
function shortId(id) {
  return `…${id.slice(-8)}`;
}

/**
 * Per table of the candidate, how many of its rows decided and how many decided nothing, with a
 * link to the grid that marks them. Reports stored before dead rows were located name them only:
 * their tables are counted from the rows that decided, and the grid marks those.
 */
function rowTables(r, s) {
  const tables = new Map();
  const tableOf = x => {
    const key = JSON.stringify([x.file, x.sheet ?? null, x.table]);
    if (!tables.has(key)) {
      tables.set(key, {file: x.file, sheet: x.sheet, table: x.table, hit: 0, dead: 0});
    }
    return tables.get(key);
  };
  (r.rowsHit ?? []).forEach(x => tableOf(x).hit++);
  (r.deadRowsAt ?? []).forEach(x => tableOf(x).dead++);
  const located = r.deadRowsAt != null;
  return h('section', {class: 'card', 'data-testid': 'row-tables'},
    h('h2', {class: 'card-title'}, 'Rows in their tables'),
    h('p', {class: 'card-lead muted'}, 'Open a table to see its rows that decided (with how often) and its rows that decided nothing, marked in the grid of the candidate revision.',
      !located && ' This report was stored before rows that decided nothing were located: only the rows that decided are marked. Run the simulation again to mark both.'),
    tables.size === 0 ? emptyState('The candidate has no rows.') : h('table', {class: 'table'},
      h('thead', null, h('tr', null, h('th', null, 'Table'), h('th', null, 'File'), h('th', {class: 'num'}, 'Rows that decided'),
        h('th', {class: 'num'}, 'Rows that decided nothing'), h('th', null, ''))),
      h('tbody', null, [...tables.values()].map(t => h('tr', {dataset: {table: t.table}},
        h('td', null, t.table, t.sheet && h('span', {class: 'muted'}, ` · sheet ${t.sheet}`)),
        h('td', {class: 'mono'}, t.file),
        h('td', {class: 'num'}, fmt.number(t.hit)),
        h('td', {class: 'num'}, located ? fmt.number(t.dead) : '—'),
        h('td', {class: 'nowrap'}, TABLE_FILE.test(t.file)
          ? h('a', {href: gridHref(s, t.file), 'data-testid': 'open-grid'}, 'Open in the grid')
          : h('span', {class: 'muted', title: 'DRL is code, shown as text: its rules are not marked'}, 'DRL')))))));
}

function rows(r, s) {
  const hit = r.rowsHit ?? [];
  const dead = r.deadRowsAt ?? (r.deadRows ?? []).map(rule => ({rule}));
  const at = x => x.table == null ? null : TABLE_FILE.test(x.file)
    ? h('a', {href: gridHref(s, x.file), title: x.file}, `${x.table} · row ${x.row}`)
    : h('span', {title: x.file}, `${x.table} · row ${x.row}`);
  return h('div', {class: 'chart-row'},
    h('section', {class: 'card', 'data-testid': 'rows-hit'}, h('h2', {class: 'card-title'}, `Candidate rows that decided (${fmt.number(hit.length)})`),
      hit.length === 0 ? emptyState('No row of the candidate decided anything.', 'The window held no command its rows test; widen the window or check the filters.')
        : h('table', {class: 'table'},
          h('thead', null, h('tr', null, h('th', null, 'Row'), h('th', null, 'Table'), h('th', {class: 'num'}, 'Decisions'))),
          h('tbody', null, hit.map(x => h('tr', null,
            h('td', null, x.rule), h('td', null, at(x)), h('td', {class: 'num'}, fmt.number(x.hits))))))),
    h('section', {class: 'card', 'data-testid': 'dead-rows'}, h('h2', {class: 'card-title'}, `Rows that decided nothing (${fmt.number(dead.length)})`),
      h('div', {class: 'card-pad'}, dead.length === 0 ? h('p', {class: 'muted'}, 'Every row of the candidate decided something in this window.')
        : h('ul', {class: 'plain-list'}, dead.map(x => h('li', null, x.rule, x.table != null && [h('br'), h('span', {class: 'muted'}, at(x))]))))));
}

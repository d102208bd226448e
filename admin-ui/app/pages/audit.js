// Audit: search the audit log with every filter of GET /v1/decisions (#/audit?commandId=…, so a
// search is a link and back returns to the previous page of results), export the window as JSON
// Lines, verify the hash chain; a decision's own page is #/audit/{decisionId} (audit-decision.js).

import {get, getResponse} from '../api.js';
import {h, replace} from '../dom.js';
import * as fmt from '../format.js';
import {READS_AUDIT_LOG, hasAny} from '../roles.js';
import {field, outcomeSelect} from '../forms.js';
import {emptyState, loading, outcomeBadge, problemBox} from '../views.js';
import {decisionPage} from './audit-decision.js';

/** The filters of GET /v1/decisions, in the order of the form; from/to are instants. */
const TEXT_FILTERS = [['commandId', 'Command id'], ['correlationId', 'Correlation id'], ['businessKey', 'Business key'],
  ['owner', 'Owner'], ['type', 'Command type'], ['revision', 'Revision'], ['tenant', 'Tenant']];
/** Decisions per page unless the address says (`limit`, 1–1000 as the API takes). */
const PAGE_SIZE = 50;

export const auditPage = {
  id: 'audit',
  title: 'Audit',
  allowed: me => hasAny(me, READS_AUDIT_LOG),
  render(main, me) {
    const [path, query] = location.hash.replace(/^#\/?/, '').split('?');
    const id = path.split('/')[1];
    return id ? decisionPage(main, decodeURIComponent(id)) : searchPage(main, me, new URLSearchParams(query ?? ''));
  },
};

function searchPage(main, me, params) {
  const results = h('div', {class: 'card', 'data-testid': 'decisions'});
  const verification = h('div', {'data-testid': 'verify-result'});
  const exportProblem = h('div');
  main.append(
    h('header', {class: 'page-header'},
      h('h1', null, 'Audit'),
      h('p', {class: 'muted'}, 'Every decision Arbiter made, durable before it was answered and chained by hash: who asked, what was decided, by which rows, and why.')),
    searchForm(me, params),
    h('div', {class: 'toolbar'},
      h('button', {class: 'button', type: 'button', 'data-testid': 'export', onclick: e => exportLines(e.target, params, exportProblem)},
        'Export as JSON Lines'),
      h('span', {class: 'muted toolbar-hint'}, exportScope(params, me.tenant)),
      // The chain spans every tenant: a tenant-bound auditor may not verify it (the API says 403).
      me.tenant == null && h('button', {class: 'button', type: 'button', 'data-testid': 'verify', onclick: e => verify(e.target, verification)},
        'Verify the chain')),
    exportProblem,
    verification,
    h('section', {'aria-labelledby': 'decisions-title'}, h('h2', {id: 'decisions-title'}, 'Decisions'), results));

  let shown = true;
  results.append(loading('decisions'));
  const query = new URLSearchParams(params);
  if (!query.has('limit')) {
    query.set('limit', String(PAGE_SIZE));
  }
  get(`/v1/decisions?${query}`)
    .then(page => shown && replace(results, page.items.length === 0
      ? emptyState('No decision matches.', params.toString()
        ? 'Loosen a filter or widen the time window; a command id must match exactly.'
        : `Nothing has been decided${me.tenant ? ` for tenant ${me.tenant}` : ''} yet: decisions appear here as soon as POST /v1/decide answers.`)
      : decisionTable(page, params)))
    .catch(error => shown && replace(results, problemBox(error)));
  return () => {
    shown = false;
  };
}

/** The filters as a form; searching changes the address, which renders the page again with them. */
function searchForm(me, params) {
  const inputs = Object.fromEntries(TEXT_FILTERS.map(([name, label]) => [name, h('input', {
    id: `audit-${name}`, name, value: params.get(name) ?? '', 'aria-label': label,
    type: name === 'revision' ? 'number' : 'text', min: name === 'revision' ? 1 : null,
    // A tenant-bound auditor sees only its own tenant's decisions anyway.
    disabled: name === 'tenant' && me.tenant != null, placeholder: name === 'tenant' && me.tenant != null ? me.tenant : null,
  })]));
  inputs.outcome = outcomeSelect('audit-outcome');
  inputs.outcome.value = params.get('outcome') ?? '';
  for (const name of ['from', 'to']) {
    inputs[name] = h('input', {id: `audit-${name}`, name, type: 'datetime-local', value: params.get(name) ? fmt.localInput(new Date(params.get(name))) : ''});
  }
  inputs.limit = h('input', {id: 'audit-limit', name: 'limit', type: 'number', min: 1, max: 1000, placeholder: String(PAGE_SIZE),
    value: params.get('limit') ?? ''});
  return h('form', {class: 'card form-card', role: 'search', 'data-testid': 'audit-search', onsubmit: e => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const [name, input] of Object.entries(inputs)) {
      const value = name === 'from' || name === 'to' ? fmt.instantOf(input.value) : input.value.trim();
      if (value && !input.disabled) {
        next.set(name, value);
      }
    }
    location.hash = `#/audit${next.toString() ? `?${next}` : ''}`;
  }},
  h('div', {class: 'form-grid'},
    TEXT_FILTERS.map(([name, label]) => field(label, inputs[name])),
    field('Outcome', inputs.outcome),
    field('Decided from', inputs.from),
    field('until (not including)', inputs.to),
    field('Per page', inputs.limit)),
  h('div', {class: 'form-actions'},
    h('button', {class: 'button button-primary', type: 'submit'}, 'Search'),
    params.toString() && h('a', {class: 'button', href: '#/audit'}, 'Clear filters')));
}

function decisionTable(page, params) {
  const next = new URLSearchParams(params);
  if (page.nextCursor) {
    next.set('cursor', page.nextCursor);
  }
  return [
    h('table', {class: 'table'},
      h('thead', null, h('tr', null, h('th', null, 'Decided'), h('th', null, 'Command'), h('th', null, 'Type'), h('th', null, 'Outcome'),
        h('th', null, 'Owner'), h('th', {class: 'num'}, 'Revision'), h('th', null, 'Tenant'), h('th', null, 'Requested by'))),
      h('tbody', null, page.items.map(d => h('tr', {class: 'row-link', dataset: {decision: d.decision_id}, onclick: () => {
        location.hash = `#/audit/${d.decision_id}`;
      }},
      h('td', {title: d.timestamp}, fmt.dateTime(d.timestamp)),
      h('td', null, h('a', {href: `#/audit/${d.decision_id}`, class: 'mono', onclick: e => e.stopPropagation()}, d.input?.commandId ?? d.decision_id)),
      h('td', null, d.input?.type ?? '—'),
      h('td', null, outcomeBadge(d.result?.outcome)),
      h('td', null, d.result?.owner ?? '—'),
      h('td', {class: 'num'}, fmt.revision(d.revision)),
      h('td', null, d.input?.tenant ?? '—'),
      h('td', null, d.requested_by ?? '—'))))),
    h('div', {class: 'pager'},
      h('span', {class: 'muted'}, `${fmt.count(page.items.length, 'decision')}, newest first`),
      params.has('cursor') && h('a', {class: 'button', href: `#/audit${withoutCursor(params)}`}, 'First page'),
      page.nextCursor && h('a', {class: 'button', href: `#/audit?${next}`, 'data-testid': 'next-page'}, 'Next page')),
  ];
}

function withoutCursor(params) {
  const p = new URLSearchParams(params);
  p.delete('cursor');
  return p.toString() ? `?${p}` : '';
}

/** What the export holds: it takes the time window and the tenant (a bound auditor's own), not the other filters. */
function exportScope(params, ownTenant) {
  const tenant = ownTenant ?? params.get('tenant');
  const window = params.get('from') || params.get('to')
    ? `decisions from ${params.get('from') ? fmt.dateTime(params.get('from')) : 'the first'} until ${params.get('to') ? fmt.dateTime(params.get('to')) : 'now'}`
    : 'every decision';
  const others = [...TEXT_FILTERS, ['outcome', 'Outcome']].filter(([name]) => name !== 'tenant' && params.has(name))
    .map(([, label]) => label.toLowerCase());
  return `Exports ${window}${tenant ? ` of tenant ${tenant}` : ''}, oldest first`
    + (others.length ? ` (the export takes the time window and tenant only, not ${fmt.list(others)})` : '') + '.';
}

/** Downloads the export with the caller's authorization (a plain link could not carry the bearer token), saved from a Blob. */
function exportLines(button, params, problems) {
  const query = new URLSearchParams();
  for (const name of ['from', 'to', 'tenant']) {
    if (params.get(name)) {
      query.set(name, params.get(name));
    }
  }
  button.disabled = true;
  problems.replaceChildren();
  getResponse(`/v1/decisions/export${query.toString() ? `?${query}` : ''}`, 'application/x-ndjson')
    .then(response => response.blob())
    .then(blob => {
      const url = URL.createObjectURL(blob);
      const a = h('a', {href: url, download: `arbiter-decisions-${new Date().toISOString().slice(0, 19).replaceAll(':', '')}.jsonl`});
      document.body.append(a);
      a.click();
      a.remove();
      // The click has handed the Blob to the download; the URL is no longer needed.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    })
    .catch(error => replace(problems, problemBox(error)))
    .finally(() => {
      button.disabled = false;
    });
}

function verify(button, into) {
  button.disabled = true;
  replace(into, loading('the verification of the chain'));
  get('/v1/audit/verify')
    .then(v => replace(into, verification(v)))
    .catch(error => replace(into, problemBox(error)))
    .finally(() => {
      button.disabled = false;
    });
}

function verification(v) {
  const q = v.quarantine ?? {records: 0, tamperedCount: 0, intact: true};
  const intact = v.intact && q.intact !== false;
  return h('section', {class: `verdict ${intact ? 'verdict-ok' : 'verdict-bad'}`, role: 'status'},
    h('p', {class: 'verdict-title'}, intact ? 'The chain is intact' : 'The chain is broken'),
    h('p', null, v.checked === 0 ? 'No decision to check yet.'
      : `${fmt.count(v.checked, 'record')} checked, seq ${fmt.number(v.firstSeq)} to ${fmt.number(v.lastSeq)}.`),
    v.firstBreak && h('p', null, h('strong', null, `First break at seq ${fmt.number(v.firstBreak.seq)}: `), v.firstBreak.problem,
      v.firstBreak.decisionId && [' (', h('a', {href: `#/audit/${v.firstBreak.decisionId}`, class: 'mono'}, v.firstBreak.decisionId), ')']),
    v.head && h('p', null, `Head: seq ${fmt.number(v.head.seq)}, hash `, h('code', {title: v.head.hash}, v.head.hash)),
    h('p', null, q.records === 0 ? 'No record in quarantine.'
      : `${fmt.count(q.records, 'record')} in quarantine (outside the chain), ${fmt.number(q.tamperedCount)} of them changed since.`));
}

// One decision of the audit log (#/audit/{decisionId}): what was asked (the envelope), what was
// answered and by which revision, the rows that matched and why, who asked, the trace — and where
// it sits in the hash chain, or that it was quarantined outside it.

import {get} from '../api.js';
import {h, replace} from '../dom.js';
import * as fmt from '../format.js';
import {loading, outcomeBadge, problemBox} from '../views.js';

const ROUTING = [['owner', 'Owner'], ['implementation', 'Implementation'], ['mode', 'Mode'], ['acceptance', 'Acceptance'],
  ['translation', 'Translation'], ['failureContract', 'Failure contract'], ['destination', 'Destination'], ['bucket', 'Rollout bucket']];
const ENVELOPE = [['commandId', 'Command id'], ['type', 'Type'], ['businessKey', 'Business key'], ['tenant', 'Tenant'],
  ['market', 'Market'], ['channel', 'Channel'], ['product', 'Product'], ['customerTier', 'Customer tier'], ['cohort', 'Cohort'],
  ['correlationId', 'Correlation id'], ['causationId', 'Causation id'], ['issuedAt', 'Issued at']];

export function decisionPage(main, id) {
  const body = h('div', {'data-testid': 'decision'}, loading('the decision'));
  const title = h('h1', null, 'Decision');
  main.append(h('header', {class: 'page-header'},
    h('p', {class: 'crumbs'}, h('a', {href: '#/audit'}, 'Audit'), ' / ', h('span', {class: 'mono'}, id)), title), body);

  let shown = true;
  get(`/v1/decisions/${encodeURIComponent(id)}`).then(d => {
    if (!shown) {
      return;
    }
    const result = d.result ?? {};
    replace(title, `Decision for ${d.input?.commandId ?? id}`);
    replace(body,
      d.quarantined && quarantine(d.quarantine),
      h('section', {class: 'card card-pad decision-summary'},
        h('p', {class: 'headline'}, outcomeBadge(result.outcome), ' ',
          result.owner ? [h('strong', null, result.owner), ` owns this ${d.input?.type ?? 'command'}`] : noOwner(result.outcome)),
        h('p', {class: 'muted'}, `Decided ${fmt.dateTime(d.timestamp)} by revision ${fmt.revision(d.revision)}`)),
      // The auditor's question is "why": the reasons and the rows first, then the full record.
      h('section', {class: 'card card-pad', 'data-testid': 'reasons'}, h('h2', null, 'Why'),
        (result.reasons ?? []).length === 0 ? h('p', {class: 'muted'}, 'No reason recorded.')
          : h('ul', {class: 'plain-list reasons'}, result.reasons.map(r => h('li', null, r)))),
      h('section', {class: 'card card-pad', 'data-testid': 'matched-rows'}, h('h2', null, 'Matched rows'),
        (result.matchedRules ?? []).length === 0 ? h('p', {class: 'muted'}, 'No row matched.')
          : h('ol', {class: 'plain-list'}, result.matchedRules.map(r => h('li', null, r)))),
      signalsRead(d.signals),
      h('div', {class: 'chart-row'},
        facts('Result', ROUTING.map(([k, label]) => [label, result[k]])),
        facts('Envelope', ENVELOPE.map(([k, label]) => [label, d.input?.[k]])
          .concat(Object.entries(d.input?.attributes ?? {}).map(([k, v]) => [`attribute ${k}`, v])))),
      h('div', {class: 'chart-row'},
        facts('Caller', [['Requested by', d.requested_by], ['Subject', d.subject, MONO], ['Client', d.client_id], ['Path', d.path]]),
        facts('Trace and chain', [['Trace id', d.trace_id, MONO], ['Span id', d.span_id, MONO], ['Decision id', d.decision_id, MONO],
          ['Sequence', d.quarantined ? 'outside the chain (quarantined)' : fmt.number(d.seq)],
          ['Hash', d.quarantined ? null : d.hash, MONO]])));
  }).catch(error => shown && replace(body, error.status === 404
    ? problemBox({title: 'No such decision', detail: `${error.detail ?? ''} — it may be older than the retention, or another tenant's.`})
    : problemBox(error)));
  return () => {
    shown = false;
  };
}

/** The signals the decision's revision tests, as the decision read them: what a replay evaluates it with. */
function signalsRead(signals) {
  const entries = Object.entries(signals ?? {});
  if (entries.length === 0) {
    return null;
  }
  return h('section', {class: 'card card-pad', 'data-testid': 'signals'}, h('h2', null, 'Signals read'),
    h('p', {class: 'muted'}, 'As the decision read them when it was stamped; a replay evaluates it with these, not today’s.'),
    h('table', {class: 'table'},
      h('thead', null, h('tr', null, h('th', null, 'Signal'), h('th', null, 'Value'), h('th', null, 'Observed'), h('th', null, 'Fresh'))),
      h('tbody', null, entries.map(([name, s]) => h('tr', {dataset: {signal: name}},
        h('td', {class: 'mono'}, name),
        h('td', null, s.value == null ? '—' : String(s.value)),
        h('td', null, s.observed_at ? fmt.dateTime(s.observed_at) : 'never observed'),
        h('td', {class: s.stale ? 'stale' : null}, s.stale ? 'stale — no condition on its value could hold' : 'fresh'))))));
}

function noOwner(outcome) {
  return outcome === 'AMBIGUOUS' ? 'Two tables named different owners: the reasons below say which.'
    : 'No row named an owner for this command.';
}

/** Ids and hashes: set in the monospace font, which tells 0 from O and l from 1. */
const MONO = 'mono';

/** A card of label → value (→ 'mono'); values that are not set read "—", long ones wrap. */
function facts(title, rows) {
  return h('section', {class: 'card card-pad', dataset: {facts: title}}, h('h2', null, title),
    h('dl', {class: 'facts'}, rows.map(([label, value, style]) => [h('dt', null, label),
      value == null || value === '' ? h('dd', {class: 'muted'}, '—') : h('dd', {class: style}, String(value))])));
}

function quarantine(q) {
  return h('section', {class: 'problem', 'data-testid': 'quarantined'},
    h('p', {class: 'problem-title'}, 'Quarantined: PostgreSQL refused this record'),
    h('p', {class: 'problem-detail'}, 'It is kept outside the hash chain, byte for byte, and checked by its SHA-256 when the chain is verified.'),
    h('dl', {class: 'facts'},
      [['Refused', fmt.dateTime(q?.quarantinedAt)], ['SQL state', q?.sqlState], ['Error', q?.error], ['SHA-256', q?.sha256]]
        .map(([k, v]) => [h('dt', null, k), h('dd', null, v ?? '—')])));
}

// Simulations: every simulation (#/simulations), starting a new one over a window of the audit log
// or an uploaded history file, and one simulation's page (#/simulations/{id}) that follows its
// progress until the report is there.

import {get, postForm, request} from '../api.js';
import {h, replace} from '../dom.js';
import * as fmt from '../format.js';
import {READS_RULE_SETS, READS_SIMULATIONS, RUNS_SIMULATIONS, hasAny} from '../roles.js';
import {field, outcomeSelect} from '../forms.js';
import {emptyState, loading, problemBox} from '../views.js';
import {simulationReport, sourceText} from './simulation-report.js';

const FINISHED = ['COMPLETED', 'FAILED', 'CANCELLED'];
const POLL_MS = 1000;
const DAY_MS = 24 * 3600 * 1000;

export const simulationsPage = {
  id: 'simulations',
  title: 'Simulations',
  allowed: me => hasAny(me, READS_SIMULATIONS),
  render(main, me) {
    const id = location.hash.replace(/^#\/?/, '').split(/[?]/)[0].split('/')[1];
    return id ? runPage(main, me, decodeURIComponent(id)) : listPage(main, me);
  },
};

function listPage(main, me) {
  const list = h('div', {class: 'card', 'data-testid': 'simulations'}, loading('simulations'));
  const form = h('div', {class: 'card form-card', hidden: true, 'data-testid': 'new-simulation'});
  const canRun = hasAny(me, RUNS_SIMULATIONS);
  const toggle = canRun && h('button', {class: 'button button-primary', type: 'button', onclick: () => {
    form.hidden = !form.hidden;
    if (!form.hidden && form.childElementCount === 0) {
      newSimulationForm(form, me);
    }
  }}, 'New simulation');
  main.append(
    h('header', {class: 'page-header page-header-actions'},
      h('div', null,
        h('h1', null, 'Simulations'),
        h('p', {class: 'muted'}, 'Replays past decisions against a candidate revision: what would change, for which commands, before anyone releases it.')),
      toggle),
    form,
    h('section', {'aria-labelledby': 'simulations-title'}, h('h2', {id: 'simulations-title'}, 'Recent simulations'), list));

  let shown = true;
  get('/v1/simulations?limit=100')
    .then(items => shown && replace(list, items.length === 0
      ? emptyState('No simulations yet.', canRun
        ? 'Simulate a draft to see what it changes: press “New simulation”, pick the draft and a window of recent decisions.'
        : 'An analyst, engineer or auditor starts one over a draft; its report then shows here.')
      : simulationTable(items)))
    .catch(error => shown && replace(list, problemBox(error)));
  return () => {
    shown = false;
  };
}

function simulationTable(items) {
  return h('table', {class: 'table'},
    h('thead', null, h('tr', null,
      h('th', null, 'Status'), h('th', {class: 'num'}, 'Candidate'), h('th', null, 'Baseline'), h('th', null, 'Window'),
      h('th', {class: 'num'}, 'Replayed'), h('th', null, 'Requested by'), h('th', null, 'Created'))),
    h('tbody', null, items.map(s => h('tr', {class: 'row-link', dataset: {id: s.id}, onclick: () => {
      location.hash = `#/simulations/${s.id}`;
    }},
    h('td', null, statusBadge(s.status)),
    h('td', {class: 'num'}, h('a', {href: `#/simulations/${s.id}`, onclick: e => e.stopPropagation()}, fmt.revision(s.candidateRevision))),
    h('td', {class: 'nowrap'}, baselineText(s.baseline)),
    h('td', null, sourceText(s.source)),
    h('td', {class: 'num'}, fmt.number(s.replayed)),
    h('td', null, s.requestedBy ?? '—'),
    h('td', {class: 'nowrap', title: fmt.dateTime(s.createdAt)}, fmt.ago(s.createdAt))))));
}

function statusBadge(status) {
  return h('span', {class: `badge badge-sim-${status.toLowerCase()}`, 'data-testid': 'status'}, fmt.label(status));
}

function baselineText(baseline) {
  return baseline === 'recorded' ? 'as recorded' : `revision ${fmt.revision(baseline?.revision)}`;
}

/**
 * The form behind "New simulation": candidate (default the newest draft), baseline (default the
 * active revision), and the decisions to replay — a window of the audit log (default the last 7
 * days) or a history file (JSON Lines, as the audit export writes it), sent as multipart.
 */
function newSimulationForm(container, me) {
  const candidate = hasAny(me, READS_RULE_SETS)
    ? h('select', {id: 'sim-candidate', name: 'candidate', required: true}, h('option', {value: ''}, 'Loading revisions…'))
    : h('input', {id: 'sim-candidate', name: 'candidate', type: 'number', min: 1, required: true, placeholder: 'revision number'});
  const baseline = h('select', {id: 'sim-baseline', name: 'baseline'},
    h('option', {value: 'recorded'}, 'As recorded — what each decision was answered'));
  const from = h('input', {id: 'sim-from', name: 'from', type: 'datetime-local', value: fmt.localInput(new Date(Date.now() - 7 * DAY_MS))});
  const to = h('input', {id: 'sim-to', name: 'to', type: 'datetime-local'});
  const narrow = {
    type: h('input', {id: 'sim-type', name: 'type', placeholder: 'e.g. PlaceOrder'}),
    correlationId: h('input', {id: 'sim-correlation', name: 'correlationId'}),
    owner: h('input', {id: 'sim-owner', name: 'owner'}),
    outcome: outcomeSelect('sim-outcome'),
    last: h('input', {id: 'sim-last', name: 'last', type: 'number', min: 1, placeholder: 'all'}),
  };
  const history = h('input', {id: 'sim-history', name: 'history', type: 'file', accept: '.jsonl,.ndjson,.json,.txt'});
  const sourceChoice = (value, label, checked) => h('label', {class: 'choice'},
    h('input', {type: 'radio', name: 'sim-source', value, checked, onchange: () => showSource(value)}), ` ${label}`);
  const windowPart = h('div', {'data-testid': 'source-window'},
    h('div', {class: 'form-grid'},
      field('Decisions from', from, 'Default: the last 7 days.'),
      field('until', to, 'Empty: until the simulation starts.')),
    h('details', {class: 'form-more'},
      h('summary', null, 'Only some of these decisions'),
      h('div', {class: 'form-grid'},
        field('Command type', narrow.type),
        field('Correlation id', narrow.correlationId),
        field('Owner', narrow.owner),
        field('Outcome', narrow.outcome),
        field('Newest only', narrow.last, 'At most this many, the newest.'))));
  const filePart = h('div', {hidden: true, 'data-testid': 'source-file'}, h('div', {class: 'form-grid'},
    field('History file', history, 'JSON Lines: an export from Audit (“Export as JSON Lines”), or bare command envelopes — those need a revision to compare with, not “as recorded”.')));
  const showSource = value => {
    windowPart.hidden = value !== 'window';
    filePart.hidden = value !== 'file';
  };
  // "What if": a value per declared signal, replacing what each replayed decision recorded; empty rows assume nothing.
  const assumed = new Map();
  const whatIf = h('div', {class: 'form-grid', 'data-testid': 'what-if-signals'}, h('p', {class: 'muted'}, 'Loading signals…'));
  const assumedSignals = () => {
    const out = {};
    for (const [name, {type, input}] of assumed) {
      const v = input.value.trim();
      if (v !== '') {
        out[name] = type === 'NUMBER' ? Number(v) : type === 'BOOLEAN' ? v === 'true' : v;
      }
    }
    return out;
  };
  const problems = h('div');
  const start = h('button', {class: 'button button-primary', type: 'submit'}, 'Start simulation');
  const started = s => {
    location.hash = `#/simulations/${s.id}`;
  };
  const refused = error => {
    start.disabled = false;
    replace(problems, problemBox(error));
  };

  const form = h('form', {class: 'form', onsubmit: e => {
    e.preventDefault();
    problems.replaceChildren();
    if (!filePart.hidden) {
      if (!history.files.length) {
        replace(problems, problemBox({title: 'No history file chosen', detail: 'Choose a JSON Lines file, e.g. one exported from Audit.'}));
        return;
      }
      // The same fields as the JSON body, as the multipart parts POST /v1/simulations takes with a file.
      const body = new FormData();
      body.append('history', history.files[0]);
      body.append('candidateRevision', candidate.value);
      body.append('baseline', baseline.value);
      if (Object.keys(assumedSignals()).length) {
        body.append('signals', JSON.stringify(assumedSignals()));
      }
      start.disabled = true;
      postForm('/v1/simulations', body).then(started).catch(refused);
      return;
    }
    const auditLog = {from: fmt.instantOf(from.value), to: fmt.instantOf(to.value)};
    for (const [key, input] of Object.entries(narrow)) {
      auditLog[key] = input.value.trim() || null;
    }
    auditLog.last = auditLog.last == null ? null : Number(auditLog.last);
    const body = {
      candidateRevision: Number(candidate.value),
      baseline: baseline.value === 'recorded' ? 'recorded' : {revision: Number(baseline.value)},
      source: {auditLog: Object.fromEntries(Object.entries(auditLog).filter(([, v]) => v != null))},
    };
    if (Object.keys(assumedSignals()).length) {
      body.signals = assumedSignals();
    }
    start.disabled = true;
    request('POST', '/v1/simulations', body).then(started).catch(refused);
  }},
  h('div', {class: 'form-grid'},
    field('Candidate revision', candidate, 'The revision to try: by default the newest draft.'),
    field('Compare with', baseline, 'The active revision shows what releasing the candidate would change now.')),
  h('fieldset', {class: 'choices'},
    h('legend', {class: 'field-label'}, 'Decisions to replay'),
    sourceChoice('window', 'A window of the audit log', true),
    sourceChoice('file', 'A history file', false)),
  windowPart,
  filePart,
  h('details', {class: 'form-more'},
    h('summary', null, 'What if — assume signal values'),
    h('p', {class: 'muted'}, 'Each replayed decision reads these values, fresh, instead of the ones it recorded — and so does '
      + 'a revision it is compared with. A question, not release evidence: the release gate does not count such a simulation.'),
    whatIf),
  problems,
  h('div', {class: 'form-actions'}, start));
  replace(container, h('h2', {class: 'form-title'}, 'New simulation'), form);

  get('/v1/signals').then(signals => {
    replace(whatIf, signals.length === 0 ? h('p', {class: 'muted'}, 'This service declares no signals.') : signals.map(s => {
      const id = `sim-signal-${s.name}`;
      const input = s.type === 'NUMBER'
        ? h('input', {id, type: 'number', step: 'any', placeholder: 'as recorded'})
        : h('select', {id}, h('option', {value: ''}, 'as recorded'),
          (s.type === 'BOOLEAN' ? ['true', 'false'] : s.levels).map(v => h('option', {value: v}, v)));
      assumed.set(s.name, {type: s.type, input});
      return field(s.name, input, s.value == null ? 'Never observed.' : `Now ${s.value}${s.stale ? ' (stale)' : ''}.`);
    }));
  }).catch(error => replace(whatIf, problemBox(error)));

  // The newest activation names the revision that decides now (every role that runs simulations may read activations).
  get('/v1/rulesets/activations?limit=1').then(([newest]) => {
    if (newest) {
      baseline.prepend(h('option', {value: newest.revision}, `Active revision ${fmt.revision(newest.revision)} — what decides now`));
      baseline.value = String(newest.revision);
    }
  }).catch(error => replace(problems, problemBox(error)));
  if (candidate.tagName === 'SELECT') {
    get('/v1/rulesets').then(revisions => {
      const candidates = revisions.filter(r => r.status !== 'ACTIVE');
      replace(candidate, candidates.length === 0
        ? h('option', {value: ''}, 'No revision besides the active one: upload a draft first')
        : candidates.map(r => h('option', {value: r.revision},
          `${fmt.revision(r.revision)} · ${fmt.label(r.status)}${r.note ? ` · ${r.note}` : ''}`)));
      // Revisions come newest first: the first draft is the newest.
      const draft = candidates.find(r => r.status === 'DRAFT');
      if (draft) {
        candidate.value = String(draft.revision);
      }
    }).catch(error => replace(problems, problemBox(error)));
  }
}

/** One simulation: who asked what, its progress while it runs, then its report. */
function runPage(main, me, id) {
  const head = h('header', {class: 'page-header'},
    h('p', {class: 'crumbs'}, h('a', {href: '#/simulations'}, 'Simulations'), ' / ', h('span', {class: 'mono'}, id.slice(0, 8))),
    h('h1', null, 'Simulation'));
  const status = h('section', {class: 'card run', 'data-testid': 'run'}, loading('the simulation'));
  const report = h('div', {'data-testid': 'report'});
  main.append(head, status, report);

  let shown = true;
  let timer = null;
  let reportShown = false;
  let cleanupReport = null;
  // Each reading is numbered: after a cancel the page reads at once, and a reading still under way is then stale.
  let reading = 0;
  const poll = () => {
    const mine = ++reading;
    clearTimeout(timer);
    return get(`/v1/simulations/${encodeURIComponent(id)}`).then(s => {
      if (!shown || mine !== reading) {
        return;
      }
      replace(head.querySelector('h1'), `Simulation of revision ${fmt.revision(s.candidateRevision)}`);
      replace(status, runSummary(s, me, poll));
      if (!FINISHED.includes(s.status)) {
        timer = setTimeout(poll, POLL_MS);
      } else if (s.status === 'COMPLETED' && !reportShown) {
        reportShown = true;
        cleanupReport = simulationReport(report, s, me);
      }
    }).catch(error => {
      if (shown && mine === reading) {
        replace(status, problemBox(error));
        // The service unreachable or failing for a moment: keep reading, more slowly; a 4xx will not go away.
        if (error.status === 0 || error.status >= 500) {
          timer = setTimeout(poll, 5 * POLL_MS);
        }
      }
    });
  };
  poll();

  return () => {
    shown = false;
    clearTimeout(timer);
    cleanupReport?.();
  };
}

function runSummary(s, me, refresh) {
  const running = !FINISHED.includes(s.status);
  const total = s.progress?.total;
  const processed = s.progress?.processed ?? 0;
  const share = total ? processed / total : null;
  const cancel = running && hasAny(me, RUNS_SIMULATIONS) && h('button', {class: 'button', type: 'button', disabled: s.cancelRequested,
    onclick: e => {
      e.target.disabled = true;
      request('POST', `/v1/simulations/${s.id}/cancel`).then(refresh).catch(error => e.target.replaceWith(problemBox(error)));
    }}, s.cancelRequested ? 'Cancelling…' : 'Cancel');
  return [
    h('div', {class: 'run-line'},
      statusBadge(s.status),
      h('span', null, `Candidate ${fmt.revision(s.candidateRevision)} against ${baselineText(s.baseline)}`),
      h('span', {class: 'muted'}, `requested by ${s.requestedBy ?? 'unknown'} `,
        h('time', {datetime: s.createdAt, title: fmt.dateTime(s.createdAt)}, fmt.ago(s.createdAt))),
      cancel),
    h('p', {class: 'muted run-source'}, 'Decisions: ', sourceText(s.source)),
    running && h('div', {class: 'progress', role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': total ?? undefined,
      'aria-valuenow': processed, 'data-testid': 'progress'},
    h('div', {class: share == null ? 'progress-bar progress-unknown' : 'progress-bar', style: share == null ? null : `width: ${(share * 100).toFixed(1)}%`})),
    running && h('p', {class: 'muted'}, s.status === 'QUEUED' ? 'Waiting for the simulations before it…'
      : total ? `${fmt.number(processed)} of ${fmt.count(total, 'decision')} replayed` : `${fmt.number(processed)} replayed, counting…`),
    s.status === 'FAILED' && problemBox({title: 'The simulation failed', detail: s.error}),
    s.status === 'CANCELLED' && h('p', null, 'Cancelled', processed > 0 ? ` after ${fmt.count(processed, 'record')}` : '',
      '; a cancelled simulation keeps no report. Start a new one from ',
      h('a', {href: '#/simulations'}, 'Simulations'), '.'),
  ];
}

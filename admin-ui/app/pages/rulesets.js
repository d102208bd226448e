// Rule sets: every revision in a grid (the active one highlighted), and below it the activation
// timeline — who released or rolled back what, when, and on which evidence. Each revision opens
// its own page (#/rulesets/3 and below, pages/revision.js).

import {InteractionModule, Tabulator} from 'tabulator-tables';
import {get} from '../api.js';
import {h, replace} from '../dom.js';
import * as fmt from '../format.js';
import {READS_ACTIVATIONS, READS_RULE_SETS, hasAny} from '../roles.js';
import {revisionsGrid} from '../grid.js';
import {renderRevision, revisionHref, revisionRoute} from './revision.js';
import {emptyState, loading, problemBox} from '../views.js';

export const ruleSetsPage = {
  id: 'rulesets',
  title: 'Rule sets',
  allowed: me => hasAny(me, READS_ACTIVATIONS),
  render(main, me) {
    const route = revisionRoute(location.hash);
    if (route) {
      return renderRevision(main, me, route);
    }
    const summary = h('p', {class: 'page-summary', 'data-testid': 'active-summary'});
    const revisions = h('div', {class: 'card', 'data-testid': 'revisions'});
    const timeline = h('div', {class: 'card', 'data-testid': 'activations'});
    main.append(
      h('header', {class: 'page-header'},
        h('h1', null, 'Rule sets'),
        h('p', {class: 'muted'}, 'Revisions of the decision tables and DRL. Exactly one is active: it decides every command now.'),
        summary),
      h('section', {'aria-labelledby': 'revisions-title'}, h('h2', {id: 'revisions-title'}, 'Revisions'), revisions),
      h('section', {'aria-labelledby': 'activations-title'}, h('h2', {id: 'activations-title'}, 'Activation timeline'), timeline));

    // Answers that arrive after the person has moved to another page are dropped.
    let shown = true;
    let grid = null;
    if (hasAny(me, READS_RULE_SETS)) {
      revisions.append(loading('revisions'));
      get('/v1/rulesets').then(list => {
        if (!shown) {
          return;
        }
        const active = list.find(r => r.status === 'ACTIVE');
        replace(summary, active ? activeSummary(active) : 'No revision is active.');
        if (list.length === 0) {
          replace(revisions, emptyState('No revisions yet.',
            'Upload decision tables (', h('code', null, '*.drl.csv'), ' or ', h('code', null, '*.drl.xlsx'),
            ') with ', h('code', null, 'POST /v1/rulesets'), '; uploading from here comes in the next release.'));
          return;
        }
        revisions.replaceChildren();
        grid = revisionsGrid(revisions, list);
        linkRows(grid);
      }).catch(error => replace(revisions, problemBox(error)));
    } else {
      revisions.append(emptyState('Revisions are not shown for your roles.',
        'Reading revisions needs the analyst, engineer or approver role; the activation timeline below is yours to read.'));
    }

    timeline.append(loading('activations'));
    get('/v1/rulesets/activations?limit=100')
      .then(list => shown && replace(timeline, list.length === 0
        ? emptyState('No activations recorded yet.',
          'A revision starts deciding when an approver activates it — after a simulation over recent decisions, or with an override reason that is kept on record.')
        : activationList(list)))
      .catch(error => replace(timeline, problemBox(error)));

    return () => {
      shown = false;
      grid?.destroy();
    };
  },
};

// Row clicks need Tabulator's Interaction module; the revisions grid (grid.js) does not register it.
Tabulator.registerModule([InteractionModule]);

/** Each revision's number becomes the link to its page, and a click anywhere on its row opens it too. */
function linkRows(grid) {
  grid.on('tableBuilt', () => grid.updateColumnDefinition('revision', {
    formatter: c => h('a', {class: 'num revision', href: revisionHref(c.getValue())}, fmt.revision(c.getValue())),
  }));
  grid.on('rowClick', (e, row) => {
    if (!e.target.closest('a')) {
      location.hash = revisionHref(row.getData().revision);
    }
  });
}

function activeSummary(active) {
  return [h('span', {class: 'badge badge-active'}, 'Active'), ' ',
    h('strong', null, `Revision ${fmt.revision(active.revision)}`),
    ` · ${fmt.count(active.ruleCount, 'rule')} in ${fmt.count(active.files.length, 'file')}`,
    active.activatedAt ? ` · deciding since ${fmt.dateTime(active.activatedAt)}` : ''];
}

function activationList(list) {
  return h('ol', {class: 'timeline'}, list.map(a => h('li', {class: `timeline-item kind-${a.kind.toLowerCase()}`, dataset: {revision: a.revision}},
    h('span', {class: 'timeline-dot', 'aria-hidden': 'true'}),
    h('div', {class: 'timeline-body'},
      h('p', {class: 'timeline-title'}, headline(a), a.breakGlass && h('span', {class: 'badge badge-warn', title: 'An approver released their own revision (arbiter.security.break-glass)'}, 'break-glass')),
      h('p', {class: 'timeline-meta'},
        h('span', null, a.activatedBy ? `by ${a.activatedBy}` : 'by the service'), ' · ',
        h('time', {datetime: a.activatedAt, title: a.activatedAt}, fmt.dateTime(a.activatedAt)),
        h('span', {class: 'muted'}, ` (${fmt.ago(a.activatedAt)})`)),
      h('p', {class: 'timeline-evidence'}, evidence(a))))));
}

function headline(a) {
  switch (a.kind) {
    case 'BOOTSTRAP':
      return `Revision ${fmt.revision(a.revision)} installed`;
    case 'ROLLBACK':
      return `Rolled back to revision ${fmt.revision(a.revision)}` + (a.previousRevision != null ? ` from ${fmt.revision(a.previousRevision)}` : '');
    default:
      return `Revision ${fmt.revision(a.revision)} released` + (a.previousRevision != null ? `, replacing ${fmt.revision(a.previousRevision)}` : '');
  }
}

function evidence(a) {
  if (a.kind === 'BOOTSTRAP') {
    return 'The bundled rule set, on an empty store.';
  }
  if (a.overrideReason) {
    return ['Release gate overridden: ', h('q', {class: 'reason'}, a.overrideReason)];
  }
  if (a.simulationId) {
    return ['On simulation ', h('code', {title: a.simulationId}, a.simulationId)];
  }
  if (a.kind === 'ROLLBACK') {
    return 'A revision that decided before: no simulation needed.';
  }
  return 'No evidence recorded.';
}

// The Release panel on a revision's page: the release gate's verdict for the signed-in caller
// (GET /v1/rulesets/{n}/release) before anyone clicks, and the one button that acts on it
// (POST /v1/rulesets/{n}/activate). Approvers get the buttons; everyone else reads the verdict, so an
// analyst sees what the approver will still need.

import {get, request} from './api.js';
import {h, replace} from './dom.js';
import * as fmt from './format.js';
import {reportHeadline} from './pages/simulation-report.js';
import {hasAny} from './roles.js';
import {loading, problemBox} from './views.js';

/** The server keeps an override's reason with the activation for good (RuleSetResource.MAX_OVERRIDE_REASON). */
const MAX_REASON = 2048;

/**
 * The panel for `rev`; `onReleased(message)` runs after a successful activation (the page redraws
 * with the new status and passes `message` back as `flash`, shown until the next redraw).
 */
export function releasePanel(rev, me, {flash = null, onReleased}) {
  const panel = h('section', {class: 'card release-panel', 'data-testid': 'release', 'aria-label': 'Release'},
    loading('the release check'));
  get(`/v1/rulesets/${rev.revision}/release`)
    .then(check => replace(panel, ...verdictView(check, me, flash, onReleased)))
    .catch(e => replace(panel, problemBox(e)));
  return panel;
}

function verdictView(check, me, flash, onReleased) {
  const n = fmt.revision(check.revision);
  const outcome = h('div', {class: 'release-outcome', 'aria-live': 'polite'},
    flash && h('p', {class: 'release-success', role: 'status', 'data-testid': 'release-success'}, flash));
  if (check.kind === 'ALREADY_ACTIVE') {
    return [h('p', {class: 'release-verdict is-ok'}, `Revision ${n} is active: it decides every command now.`), outcome];
  }
  const rollback = check.kind === 'ROLLBACK';
  const view = [h('p', {class: `release-verdict ${check.allowed ? 'is-ok' : 'is-held'}`, 'data-testid': 'release-verdict'},
    check.allowed ? allowedSentence(check) : `Revision ${n} cannot be ${rollback ? 'rolled back to' : 'activated'} yet:`)];
  if (!check.allowed) {
    view.push(h('ul', {class: 'release-reasons', 'data-testid': 'release-reasons'},
      shownReasons(check.reasons).map(r => h('li', {'data-code': r.code}, ...plainWords(r, me)))));
  }
  if (hasAny(me, ['approver'])) {
    const release = body => activate(check, body, outcome, onReleased);
    view.push(h('div', {class: 'actions'},
      h('button', {type: 'button', class: 'button button-primary', disabled: !check.allowed, 'data-testid': 'release-activate',
        onclick: e => {
          const button = e.currentTarget;
          button.disabled = true;
          confirmRelease(check)
            .then(confirmed => confirmed && release({}))
            .finally(() => {
              button.disabled = false;
            });
        }}, rollback ? `Roll back to ${n}` : `Activate revision ${n}`),
      check.overridable && h('button', {type: 'button', class: 'button', 'data-testid': 'release-override',
        onclick: () => overrideDialog(check.revision, reason => release({overrideReason: reason}))},
      'Activate without a qualifying simulation…')));
  }
  view.push(outcome);
  return view;
}

function allowedSentence(check) {
  if (check.kind === 'ROLLBACK') {
    return `Rolling back to ${fmt.revision(check.revision)} needs no simulation: it decided before, so it can take traffic again at once.`;
  }
  const e = check.evidence;
  return `Ready to activate: a simulation replayed ${fmt.count(e.replayed, 'recent decision')} against it`
    + (e.finished ? `, finished ${fmt.dateTime(e.finished)}.` : '.');
}

/** The reasons worth reading: without the approver role, "another approver must activate it" says nothing more. */
function shownReasons(reasons) {
  return reasons.some(r => r.code === 'ROLE') ? reasons.filter(r => r.code !== 'FOUR_EYES') : reasons;
}

/** A reason as the person reads it, with what to do about it; a code this page does not know shows the server's sentence. */
function plainWords(reason, me) {
  const startOne = h('a', {href: '#/simulations'}, 'Start a simulation');
  switch (reason.code) {
    case 'ROLE':
      return ['Activating needs the approver role. You can read this verdict; an approver acts on it.'];
    case 'FOUR_EYES':
      return ['You wrote this revision. Under four-eyes another approver must activate it.'];
    case 'TENANT':
      return [`You are signed in for tenant ${me.tenant ?? 'one tenant'}. Rule sets decide for every tenant, so only a platform approver may activate them.`];
    case 'NO_SIMULATION':
      return [`No simulation yet: run one over at least ${fmt.count(reason.required, 'recent decision')} from the audit log. `, startOne];
    case 'TOO_FEW_DECISIONS':
      return [`Its simulations replayed at most ${fmt.count(reason.replayed, 'decision')} from the audit log; the gate needs at least ${fmt.number(reason.required)}. `, startOne];
    default:
      return [reason.message];
  }
}

/** Sends the activation; a problem shows in `outcome` (and rejects nothing: the button comes back). */
function activate(check, body, outcome, onReleased) {
  replace(outcome, h('span', {class: 'muted'}, check.kind === 'ROLLBACK' ? 'Rolling back…' : 'Activating…'));
  const n = fmt.revision(check.revision);
  return request('POST', `/v1/rulesets/${check.revision}/activate`, body)
    .then(() => onReleased(check.kind === 'ROLLBACK'
      ? `Rolled back to ${n}: it decides every command again.`
      : `Revision ${n} is active: it decides every command from now on.`))
    .catch(e => replace(outcome, problemBox(e)));
}

/**
 * Says what the click will do before it is done — which revision decides from now on, which one it
 * replaces, and the evidence the gate stands on (the simulation, how many decisions it replayed, what
 * would change) — and resolves true on Confirm, false on Cancel or Escape (nothing is sent then).
 */
function confirmRelease(check) {
  const rollback = check.kind === 'ROLLBACK';
  // What replaces what and what would change are read when asked, so the dialog says what is true now.
  const active = get('/v1/rulesets/active').catch(() => null);
  const simulation = check.evidence ? get(`/v1/simulations/${check.evidence.id}`).catch(() => null) : Promise.resolve(null);
  return Promise.all([active, simulation]).then(([current, sim]) => new Promise(resolve => {
    const n = fmt.revision(check.revision);
    const replacing = current && current.revision !== check.revision ? `, replacing revision ${fmt.revision(current.revision)}` : '';
    const go = h('button', {type: 'submit', class: 'button button-primary', 'data-testid': 'release-confirm'},
      rollback ? `Roll back to ${n}` : `Activate revision ${n}`);
    // Focus starts on Cancel: an Enter pressed once too often must not release anything.
    const cancel = h('button', {type: 'button', class: 'button', autofocus: true, 'data-testid': 'release-cancel'}, 'Cancel');
    const form = h('form', {method: 'dialog'},
      h('h2', {id: 'release-confirm-title'}, rollback ? `Roll back to revision ${n}?` : `Activate revision ${n}?`),
      h('p', {'data-testid': 'release-confirm-what'}, rollback
        ? `Revision ${n} will decide every command again${replacing}.`
        : `Revision ${n} will decide every command from now on${replacing}.`),
      h('ul', {class: 'release-evidence', 'data-testid': 'release-confirm-evidence'}, evidenceLines(check, sim)),
      h('p', {class: 'muted'}, 'The activation is recorded with your name, the time and this evidence.'),
      h('div', {class: 'actions'}, go, cancel));
    const dialog = h('dialog', {class: 'card release-dialog', 'aria-labelledby': 'release-confirm-title', 'data-testid': 'release-confirm-dialog'}, form);
    let confirmed = false;
    cancel.addEventListener('click', () => dialog.close());
    form.addEventListener('submit', e => {
      e.preventDefault();
      confirmed = true;
      dialog.close();
    });
    // Escape closes a modal dialog by itself; every way of closing it ends here.
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(confirmed);
    });
    openOnThisPage(dialog);
  }));
}

/**
 * Shows `dialog` over the page it belongs to. The browser's Back button still works behind a modal
 * dialog: leaving the page closes it, as Cancel would, so nothing is sent for a page no longer shown.
 */
function openOnThisPage(dialog) {
  const leave = () => dialog.close();
  window.addEventListener('hashchange', leave);
  dialog.addEventListener('close', () => window.removeEventListener('hashchange', leave));
  document.body.append(dialog);
  dialog.showModal();
}

/** The evidence as sentences: the simulation and what it found, or why a rollback needs none. */
function evidenceLines(check, sim) {
  if (check.kind === 'ROLLBACK') {
    return [h('li', null, 'It decided before, so rolling back needs no simulation.')];
  }
  const e = check.evidence;
  return [
    h('li', null, 'Simulation ', h('code', {title: e.id}, e.id), e.finished ? `, finished ${fmt.dateTime(e.finished)}` : ''),
    h('li', null, `Replayed ${fmt.count(e.replayed, 'recent decision')} from the audit log`),
    sim?.report ? h('li', {'data-testid': 'release-confirm-changes'}, reportHeadline(sim.report))
      : h('li', {class: 'muted'}, 'What it would change could not be read; the simulation\'s page shows it.'),
  ];
}

/** Asks why the gate is skipped (required: it is kept with the activation), then calls `send(reason)`. */
function overrideDialog(revision, send) {
  const reason = h('textarea', {id: 'override-reason', required: true, maxlength: MAX_REASON, rows: 4,
    placeholder: 'e.g. Hotfix for INC-1234: the archive desk must own archiving today', 'data-testid': 'override-reason'});
  const cancel = h('button', {type: 'button', class: 'button'}, 'Cancel');
  const form = h('form', {method: 'dialog', class: 'override-form'},
    h('h2', {id: 'override-title'}, `Activate revision ${fmt.revision(revision)} without a qualifying simulation`),
    h('p', {class: 'muted'}, 'The reason is kept with the activation, with your name and the time, for anyone who reviews releases later.'),
    h('label', {for: 'override-reason'}, 'Reason'), reason,
    h('div', {class: 'actions'},
      h('button', {type: 'submit', class: 'button button-primary', 'data-testid': 'override-confirm'}, 'Activate with this reason'), cancel));
  const dialog = h('dialog', {class: 'card release-dialog', 'aria-labelledby': 'override-title', 'data-testid': 'override-dialog'}, form);
  cancel.addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => dialog.remove());
  form.addEventListener('submit', e => {
    e.preventDefault();
    // `required` already refuses an empty field; a reason of spaces only is no reason either.
    if (!reason.value.trim()) {
      reason.setCustomValidity('Say why the gate is skipped.');
      reason.reportValidity();
      return;
    }
    dialog.close();
    send(reason.value.trim());
  });
  reason.addEventListener('input', () => reason.setCustomValidity(''));
  openOnThisPage(dialog);
}

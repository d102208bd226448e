// Small views every page uses: an API problem, an empty state, a loading line.

import {h} from './dom.js';

/** An error as the person can act on it: the problem's title and detail (and the fields it names), never raw JSON. */
export function problemBox(error) {
  const title = error?.title ?? 'Something went wrong';
  const detail = error?.detail ?? (error?.title ? null : 'The page could not be shown; reload it to try again.');
  const errors = Array.isArray(error?.errors) ? error.errors : [];
  return h('section', {class: 'problem', role: 'alert', 'data-testid': 'problem'},
    h('p', {class: 'problem-title'}, title),
    detail && h('p', {class: 'problem-detail'}, detail),
    errors.length > 0 && h('ul', {class: 'problem-errors'},
      errors.map(e => h('li', null, e.field ? h('code', null, e.field) : null, e.field ? ': ' : '', e.message ?? ''))));
}

/** What an empty list means and what to do about it. */
export function emptyState(title, ...advice) {
  return h('div', {class: 'empty', 'data-testid': 'empty'}, h('p', {class: 'empty-title'}, title), h('p', null, ...advice));
}

export function loading(what) {
  return h('p', {class: 'loading muted'}, `Loading ${what}…`);
}

/** ROUTED, NO_OWNER or AMBIGUOUS, each in its one colour (styles.css, .outcome-*) on every page. */
export function outcomeBadge(outcome) {
  return outcome ? h('span', {class: `outcome outcome-${outcome.toLowerCase()}`}, outcome) : '—';
}

// Form pieces the pages share: a labelled field, and the outcome picker.

import {h} from './dom.js';

/** A label around its input, with an optional hint below it. */
export function field(label, input, hint) {
  return h('label', {class: 'field', for: input.id},
    h('span', {class: 'field-label'}, label), input, hint && h('span', {class: 'field-hint'}, hint));
}

/** ROUTED, NO_OWNER, AMBIGUOUS or any (the empty value). */
export function outcomeSelect(id) {
  return h('select', {id, name: 'outcome'}, h('option', {value: ''}, 'any'),
    ['ROUTED', 'NO_OWNER', 'AMBIGUOUS'].map(o => h('option', {value: o}, o)));
}

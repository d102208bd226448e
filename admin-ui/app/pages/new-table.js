// "New table" on a revision's page (#/rulesets/3/new-table): the analyst names the file and the
// table, the server answers a fresh table in the standard layout (GET /v1/rulesets/{n}/template —
// it knows the fact model and the grammar, so the columns are always ones a table may have), and
// the editor opens it as it opens any table. Nothing is stored until "Save as draft", which adds the
// file to a new DRAFT revision based on this one (POST /v1/rulesets/grids, as any edit).

import {get} from '../api.js';
import {h, replace} from '../dom.js';
import {fileEditor} from '../editor/editor.js';
import {field} from '../forms.js';
import * as fmt from '../format.js';
import {problemBox} from '../views.js';

/**
 * The form, then the editor of the new table inside `content`, for revision `rev`. `onSaved(created, file)`
 * is called with the new DRAFT; `guard(editor)` asks before leaving (a link, Back, Forward) drops unsaved edits, and returns its removal.
 * Returns the clean-up.
 */
export function showNewTable(content, rev, {onSaved, guard}) {
  const file = h('input', {id: 'new-table-file', type: 'text', class: 'mono', required: true, placeholder: '25-eu-store-pilot.drl.csv',
    autocomplete: 'off'});
  const table = h('input', {id: 'new-table-name', type: 'text', required: true, placeholder: 'EU store pilot', maxlength: 1000,
    autocomplete: 'off'});
  const outcome = h('div');
  const form = h('form', {class: 'card card-pad new-table-form', 'aria-label': 'New table'},
    h('h2', null, 'New table'),
    h('p', {class: 'muted'}, `A decision table in the standard layout, added to a new draft based on revision ${fmt.revision(rev.revision)}.`
      + ' Its columns test the fact model\'s fields and set the route\'s fields; leave a column empty where a rule does not care.'),
    field('File name', file, 'Starts with a number that says when it applies (tables apply in file-name order); ends in .drl.csv or .drl.xlsx.'),
    field('Table name', table, 'Shown in reasons and errors.'),
    h('div', {class: 'actions'}, h('button', {type: 'submit', class: 'button button-primary'}, 'Create table'),
      h('a', {class: 'button', href: `#/rulesets/${rev.revision}`}, 'Cancel')),
    outcome);
  content.append(form);

  let shown = true;
  let editor = null;
  let unguard = null;
  form.addEventListener('submit', e => {
    e.preventDefault();
    // The server says what is wrong with the names (not a table's extension, already in the revision, a quote in the table's name).
    replace(outcome, h('span', {class: 'muted'}, 'Creating…'));
    const query = new URLSearchParams({file: file.value.trim(), table: table.value.trim()});
    get(`/v1/rulesets/${rev.revision}/template?${query}`).then(grid => {
      if (!shown) {
        return;
      }
      const box = h('div', {class: 'editor-main'});
      replace(content, h('div', {class: 'file-toolbar'}, h('h2', {class: 'file-title mono'}, grid.file),
        h('span', {class: 'badge badge-draft'}, 'New, not saved')), box);
      editor = fileEditor(box, grid, {revision: rev.revision, editable: true, onSaved: created => onSaved(created, grid.file)});
      unguard = guard(editor);
    }).catch(err => replace(outcome, problemBox(err)));
  });
  file.focus();

  return () => {
    shown = false;
    unguard?.();
    editor?.destroy();
  };
}

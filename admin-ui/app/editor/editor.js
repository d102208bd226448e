// A table file of a revision in the browser: one grid per table, every change checked by the
// server as the analyst types (POST /v1/rulesets/grids/check with the whole file rebuilt), the
// problems shown on their cells, and the edits saved as a new DRAFT (POST /v1/rulesets/grids).
// Nothing is stored until "Save as draft".

import {ApiError, request} from '../api.js';
import {h, replace} from '../dom.js';
import * as fmt from '../format.js';
import {problemBox} from '../views.js';
import {rebuild, readFile} from './sheet.js';
import {tableGrid} from './table-grid.js';

const CHECK_DELAY_MS = 400;

/**
 * The editor of `grid` (GET …/files/{name}/grid of revision `revision`) inside `container`.
 * `onSaved(revision)` is called with the new DRAFT. Returns {highlight(matchedRows), markSimulation(report), dirty(), destroy()}.
 */
export function fileEditor(container, grid, {revision, editable, onSaved}) {
  const model = readFile(grid);
  const grids = new Map();   // table → its tableGrid
  let changes = 0;
  let checkTimer = null;
  let checkSeq = 0;

  const status = h('span', {class: 'edit-status', 'data-testid': 'check-status'});
  const counter = h('strong', {'data-testid': 'unsaved'});
  const note = h('input', {type: 'text', class: 'note-input', placeholder: 'What this change does, for the approver', 'aria-label': 'Note', maxlength: 2048});
  const save = h('button', {type: 'button', class: 'button button-primary', disabled: true, onclick: () => saveDraft()}, 'Save as draft');
  const problems = h('div', {class: 'edit-problems', 'data-testid': 'edit-problems'});
  const bar = editable && h('div', {class: 'edit-bar', 'data-testid': 'edit-bar'},
    h('div', {class: 'edit-state'}, counter, status), h('div', {class: 'edit-save'}, note, save));

  replace(container,
    bar,
    problems,
    h('p', {class: 'muted first-match'}, 'Rows are tried top to bottom; the first row that matches decides.',
      editable ? ' Use ↑ ↓ to change the order.' : ' Read only: changing tables needs the analyst or engineer role (not bound to a tenant).'),
    model.sheets.flatMap(sheet => sheet.tables.map(table => {
      const section = h('section', {class: 'table-section'},
        h('h3', {class: 'table-title'}, table.name, sheet.name && h('span', {class: 'muted'}, ` · sheet ${sheet.name}`)));
      const holder = h('div', {class: 'card'});
      section.append(holder);
      grids.set(table, tableGrid(holder, table, {editable, onChange: changed}));
      if (editable) {
        section.append(h('button', {type: 'button', class: 'button', onclick: () => grids.get(table).addRow()}, '+ Add row'));
      }
      return section;
    })));
  showCount();

  function changed() {
    changes += 1;
    showCount();
    clearTimeout(checkTimer);
    status.className = 'edit-status';
    status.textContent = 'Checking…';
    checkTimer = setTimeout(check, CHECK_DELAY_MS);
  }

  function showCount() {
    if (!editable) {
      return;
    }
    counter.textContent = changes === 0 ? 'No unsaved changes' : `${fmt.count(changes, 'unsaved change')}`;
    bar.classList.toggle('is-dirty', changes > 0);
    save.disabled = changes === 0;
  }

  function body() {
    const {sheets, locate} = rebuild(model, table => grids.get(table).records());
    return {payload: {base: revision, note: note.value || null, files: [{name: model.file, sheets}]}, locate};
  }

  async function check() {
    const seq = ++checkSeq;
    const {payload, locate} = body();
    try {
      const answer = await request('POST', '/v1/rulesets/grids/check', payload);
      if (seq === checkSeq) {
        showErrors(answer.errors, locate);
      }
    } catch (e) {
      if (seq === checkSeq) {
        status.textContent = '';
        replace(problems, problemBox(e));
      }
    }
  }

  /** Each located problem on its cell (red, the message on hover), and every problem listed above the grids in words. */
  function showErrors(errors, locate) {
    const byTable = new Map([...grids.keys()].map(t => [t, new Map()]));
    const lines = errors.map(e => {
      const at = e.file === model.file && e.row != null ? locate(e.sheet, e.row) : null;
      if (!at) {
        return [e.file, e.sheet, e.row && `row ${e.row}`, e.column && `column ${e.column}`].filter(Boolean).join(' · ');
      }
      byTable.get(at.table).set(`${at.id}:${e.column}`, e.message);
      const position = grids.get(at.table).records().findIndex(r => r.id === at.id) + 1;
      const column = at.table.columns.find(c => c.letter === e.column);
      return [at.table.name, `rule ${position}`, column && (column.label || column.letter)].filter(Boolean).join(' · ');
    });
    for (const [table, map] of byTable) {
      grids.get(table).setErrors(map);
    }
    status.className = `edit-status ${errors.length ? 'is-bad' : 'is-good'}`;
    status.textContent = errors.length ? `${fmt.count(errors.length, 'problem')} to fix before saving` : 'Checked: no problems';
    replace(problems, errors.length > 0 && h('ul', {class: 'problem problem-errors-list'},
      errors.map((e, i) => h('li', null, h('strong', null, lines[i]), ': ', e.message))));
  }

  async function saveDraft() {
    clearTimeout(checkTimer);
    save.disabled = true;
    status.className = 'edit-status';
    status.textContent = 'Saving…';
    const {payload, locate} = body();
    try {
      const created = await request('POST', '/v1/rulesets/grids', payload);
      changes = 0;
      onSaved(created);
    } catch (e) {
      save.disabled = false;
      if (e instanceof ApiError && e.status === 422 && e.errors.some(x => x.file)) {
        showErrors(e.errors, locate);
        status.textContent = `Not saved: ${status.textContent}`;
      } else {
        status.textContent = '';
        replace(problems, problemBox(e));
      }
    }
  }

  const beforeUnload = e => {
    if (changes > 0) {
      e.preventDefault();
      e.returnValue = '';
    }
  };
  window.addEventListener('beforeunload', beforeUnload);

  return {
    /** Lights up the rows a dry run matched: matchedRows are located in the stored revision, so by stored row. */
    highlight(matchedRows) {
      for (const table of grids.keys()) {
        const rows = matchedRows.filter(m => m.file === model.file && (m.sheet ?? null) === (table.sheet ?? null) && m.table === table.name);
        grids.get(table).highlight(rows.map(m => m.row));
      }
    },
    /**
     * Marks a simulation report's rows of this file in its grids: `rowsHit` decided (with how often),
     * `deadRowsAt` decided nothing. Rows are located in the simulated revision, so by stored row. A
     * row without a sheet (CSV, or a report stored before rows named their sheet) matches by table name.
     */
    markSimulation(report) {
      const inTable = table => x => x.file === model.file && x.table === table.name && (x.sheet == null || x.sheet === table.sheet);
      return Promise.all([...grids.entries()].map(([table, grid]) => grid.markSimulation(
        (report.rowsHit ?? []).filter(inTable(table)).map(x => [x.row, x.hits]),
        (report.deadRowsAt ?? []).filter(inTable(table)).map(x => x.row))));
    },
    dirty: () => changes > 0,
    destroy() {
      clearTimeout(checkTimer);
      window.removeEventListener('beforeunload', beforeUnload);
      grids.forEach(g => g.destroy());
    },
  };
}

// One decision table as a spreadsheet-like grid (Tabulator). Columns are headed by the table's
// own label row ("Market", "Rollout bucket below"); the rows are its rules, in first-match order.
// Editing: a dropdown where the column has a fixed set of values, a date input for
// DATE-EFFECTIVE/DATE-EXPIRES, text elsewhere; Tab moves on, Enter commits, Escape cancels. The
// position and the rule's name stay in view when a wide table scrolls sideways. A range copied in
// Excel pastes as in a spreadsheet (without Tabulator's Clipboard and SelectRange modules: the
// bundle's size is capped). A simulation's rows can be marked: those that decided (with how often,
// in a column shown only then) and those that decided nothing.
// Registers only the Tabulator modules it uses (the bundle size is capped by AdminUiServingTest).

import {EditModule, FormatModule, FrozenColumnsModule, InteractionModule, KeybindingsModule, Tabulator} from 'tabulator-tables';
import {h} from '../dom.js';
import * as fmt from '../format.js';
import {parseClipboard, record} from './sheet.js';

Tabulator.registerModule([EditModule, FormatModule, FrozenColumnsModule, InteractionModule, KeybindingsModule]);

const DATE_KINDS = new Set(['DATE-EFFECTIVE', 'DATE-EXPIRES']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const SVG = 'http://www.w3.org/2000/svg';

/**
 * The grid of `table` inside `container`. `editable` shows editors and row actions; `onChange()`
 * is called after every edit, addition, removal or move. Returns {records(), setErrors(map),
 * highlight(origRows), markSimulation(hits, dead), destroy()}.
 */
export function tableGrid(container, table, {editable, onChange}) {
  let errors = new Map();      // `${id}:${letter}` → the server's message
  let matched = new Set();     // stored row numbers the last "Try it" matched
  let hits = new Map();        // stored row number → decisions it made in the simulation shown
  let dead = new Set();        // stored row numbers that decided nothing in it

  const element = h('div', {class: 'grid grid-editor', 'data-testid': `table-${table.name}`});
  container.append(element);

  const restructure = next => grid.replaceData(next).then(onChange);
  const actions = {
    up: row => move(row, -1),
    down: row => move(row, +1),
    duplicate: row => {
      const data = grid.getData();
      const i = data.findIndex(r => r.id === row.getData().id);
      const {id, origRow, ...values} = data[i];
      data.splice(i + 1, 0, record(values));
      restructure(data);
    },
    remove: row => restructure(grid.getData().filter(r => r.id !== row.getData().id)),
  };
  function move(row, by) {
    const data = grid.getData();
    const i = data.findIndex(r => r.id === row.getData().id);
    const j = i + by;
    if (j < 0 || j >= data.length) {
      return;
    }
    [data[i], data[j]] = [data[j], data[i]];
    restructure(data);
  }

  const definition = column => columnDefinition(column, editable, (id, letter) => errors.get(`${id}:${letter}`));
  const grid = new Tabulator(element, {
    data: table.records,
    index: 'id',
    layout: 'fitData',
    columns: [
      {title: '#', headerSort: false, width: 44, frozen: true, hozAlign: 'right', cssClass: 'cell-position',
        formatter: c => h('span', {class: 'num', title: 'First match wins: rows are tried in this order'}, String(c.getRow().getPosition()))},
      // No field: not a value of the row (nothing pastes into it or is saved from it), shown only with a simulation.
      {title: 'Decided', headerSort: false, width: 84, frozen: true, visible: false, hozAlign: 'right', cssClass: 'cell-hits',
        headerTooltip: 'Decisions this row made in the simulation', formatter: c => hitsCell(c.getRow().getData().origRow)},
      ...table.columns.filter(c => c.kind === 'NAME').map(definition),
      // Row actions next to the name, before the conditions: in reach without scrolling a wide table sideways.
      editable && {title: '', headerSort: false, width: 128, cssClass: 'cell-actions', formatter: c => rowActions(c.getRow(), actions)},
      ...table.columns.filter(c => c.kind !== 'NAME').map(definition),
    ].filter(Boolean),
    rowFormatter: row => {
      const el = row.getElement();
      el.dataset.row = row.getData().origRow ?? 'new';
      el.classList.toggle('row-matched', matched.has(row.getData().origRow));
      el.classList.toggle('row-sim-hit', hits.has(row.getData().origRow));
      el.classList.toggle('row-sim-dead', dead.has(row.getData().origRow));
    },
    placeholder: editable ? 'No rules — add a row' : 'No rules',
  });
  grid.on('cellEdited', () => onChange());
  const built = new Promise(resolve => grid.on('tableBuilt', resolve));

  /** How often a stored row decided in the simulation; a row added since is not in it. */
  function hitsCell(origRow) {
    if (hits.has(origRow)) {
      const n = hits.get(origRow);
      return h('span', {class: 'num hits-count', title: `Decided ${fmt.count(n, 'decision')} in the simulation`}, fmt.number(n));
    }
    return dead.has(origRow) ? h('span', {class: 'hits-none', title: 'Decided nothing in the simulation'}, 'none') : '';
  }
  if (editable) {
    element.addEventListener('paste', e => pasteRange(e), true);
  }

  /**
   * A range copied from Excel, pasted on a cell (being edited or not), fills the cells from there
   * right and down, adding rows as needed — one change. A single value is left to the cell's editor.
   */
  function pasteRange(e) {
    const values = parseClipboard(e.clipboardData?.getData('text/plain') ?? '');
    const cellElement = e.target.closest?.('.tabulator-cell');
    const row = cellElement && grid.getRows().find(r => r.getElement().contains(cellElement));
    const fields = grid.getColumns().map(c => c.getField()).filter(Boolean);
    const from = fields.indexOf(cellElement?.getAttribute('tabulator-field'));
    if ((values.length === 1 && values[0].length === 1) || !row || from < 0) {
      return;
    }
    e.preventDefault();
    e.stopPropagation();
    row.getCell(fields[from]).cancelEdit();
    const data = grid.getData();
    const top = data.findIndex(r => r.id === row.getData().id);
    values.forEach((cells, i) => {
      if (!data[top + i]) {
        data.push(record(Object.fromEntries(table.columns.map(c => [c.letter, '']))));
      }
      cells.slice(0, fields.length - from).forEach((value, j) => {
        data[top + i][fields[from + j]] = value;
      });
    });
    restructure(data);
  }

  return {
    records: () => grid.getData(),
    addRow: () => restructure([...grid.getData(), record(Object.fromEntries(table.columns.map(c => [c.letter, ''])))]),
    setErrors(next) {
      errors = next;
      grid.getRows().forEach(r => r.reformat());
    },
    highlight(origRows) {
      matched = new Set(origRows);
      grid.getRows().forEach(r => r.reformat());
    },
    /** Marks a simulation's rows by stored row number: `rowHits` (Map row → decisions) decided, `deadRows` (rows) decided nothing. */
    markSimulation(rowHits, deadRows) {
      hits = new Map(rowHits);
      dead = new Set(deadRows);
      return built.then(() => {
        grid.getColumns().find(c => c.getDefinition().cssClass === 'cell-hits').show();
        grid.getRows().forEach(r => r.reformat());
      });
    },
    destroy: () => grid.destroy(),
  };
}

function columnDefinition(column, editable, errorOf) {
  const hint = [column.kind, column.template].filter(Boolean).join(' · ');
  return {
    title: column.label || column.letter,
    field: column.letter,
    headerSort: false,
    headerTooltip: hint,
    // The rule's name stays in view while the row scrolls sideways, as a frozen first column in Excel.
    frozen: column.kind === 'NAME',
    // A rule's name is a sentence: wide enough for most, and wrapped (the row grows) rather than cut off.
    width: column.kind === 'NAME' ? 300 : undefined,
    minWidth: 90,
    maxWidth: column.kind === 'NAME' ? 420 : 320,
    cssClass: column.kind === 'NAME' ? 'cell-name' : undefined,
    editor: editable ? editorFor(column) : false,
    // Free text as well as the list: a typo is kept and shown as the server's problem on the cell, as in a spreadsheet.
    editorParams: column.options?.length ? {values: column.options, autocomplete: true, freetext: true, allowEmpty: true, listOnEmpty: true} : undefined,
    formatter: cell => {
      const message = errorOf(cell.getRow().getData().id, column.letter);
      const el = cell.getElement();
      el.classList.toggle('cell-error', Boolean(message));
      el.dataset.column = column.letter;
      const value = cell.getValue() ?? '';
      // The server's message on hover (and listed above the grid); the text as a text node, never HTML.
      el.title = message ?? value;
      return h('span', null, value);
    },
  };
}

function editorFor(column) {
  if (column.options?.length) {
    return 'list';
  }
  if (DATE_KINDS.has(column.kind)) {
    return dateEditor;
  }
  return 'input';
}

/** A date input for ISO dates (what the tables use); anything else typed in Excel stays editable as text. */
function dateEditor(cell, onRendered, success, cancel) {
  const value = cell.getValue() ?? '';
  const input = h('input', {type: ISO_DATE.test(value) || value === '' ? 'date' : 'text', class: 'cell-input', value});
  onRendered(() => input.focus());
  const commit = () => success(input.value);
  input.addEventListener('change', commit);
  input.addEventListener('blur', commit);
  input.addEventListener('keydown', e => {
    if (e.key === 'Enter') {
      commit();
    } else if (e.key === 'Escape') {
      cancel();
    }
  });
  return input;
}

function rowActions(row, actions) {
  const button = (label, title, action) => h('button', {
    type: 'button', class: 'icon-button', title, 'aria-label': title,
    onclick: e => {
      e.stopPropagation();
      action(row);
    },
  }, label);
  return h('span', {class: 'row-actions'},
    button('↑', 'Move up (tried earlier)', actions.up),
    button('↓', 'Move down (tried later)', actions.down),
    button(copyIcon(), 'Duplicate row', actions.duplicate),
    button('×', 'Delete row', actions.remove));
}

/** Two overlapping sheets: drawn, because the usual copy glyphs are missing from common fonts. */
function copyIcon() {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 16 16');
  svg.setAttribute('width', '13');
  svg.setAttribute('height', '13');
  svg.setAttribute('aria-hidden', 'true');
  for (const [x, y] of [[5, 1], [1, 5]]) {
    const rect = document.createElementNS(SVG, 'rect');
    for (const [k, v] of Object.entries({x, y, width: 10, height: 10, rx: 1.5, fill: 'var(--surface)', stroke: 'currentColor', 'stroke-width': 1.5})) {
      rect.setAttribute(k, String(v));
    }
    svg.append(rect);
  }
  return svg;
}

// The revisions grid (Tabulator). Only the modules used are imported and registered, so the
// bundle carries the core grid, formatting, sorting and column resizing — not the whole library.

import {FormatModule, ResizeColumnsModule, SortModule, Tabulator} from 'tabulator-tables';
import 'tabulator-tables/dist/css/tabulator_simple.css';
import {h} from './dom.js';
import * as fmt from './format.js';

Tabulator.registerModule([FormatModule, SortModule, ResizeColumnsModule]);

/** Text in a cell, as a text node (never HTML), with the full value as its tooltip when given. */
function text(value, {title, className} = {}) {
  return h('span', {class: className, title}, value);
}

const COLUMNS = [
  {title: 'Revision', field: 'revision', sorter: 'number', width: 112, hozAlign: 'right', headerHozAlign: 'right',
    formatter: c => text(fmt.revision(c.getValue()), {className: 'num revision'})},
  {title: 'Status', field: 'status', width: 104,
    formatter: c => h('span', {class: `badge badge-${c.getValue().toLowerCase()}`}, fmt.label(c.getValue()))},
  {title: 'Note', field: 'note', minWidth: 170, widthGrow: 3,
    formatter: c => c.getValue() ? text(c.getValue(), {title: c.getValue()}) : text('no note', {className: 'muted'})},
  {title: 'Author', field: 'createdBy', minWidth: 100,
    formatter: c => c.getValue() ? text(c.getValue()) : text('bundled', {className: 'muted', title: 'Packaged with the service'})},
  {title: 'Created', field: 'createdAt', sorter: 'string', minWidth: 176,
    formatter: c => text(fmt.dateTime(c.getValue()), {title: c.getValue()})},
  {title: 'Base', field: 'baseRevision', headerSort: false, width: 70, hozAlign: 'right', headerHozAlign: 'right',
    formatter: c => text(fmt.revision(c.getValue()), {className: 'num'})},
  {title: 'Rules', field: 'ruleCount', sorter: 'number', width: 88, hozAlign: 'right', headerHozAlign: 'right',
    formatter: c => text(fmt.number(c.getValue()), {className: 'num'})},
  {title: 'Files', field: 'files', headerSort: false, width: 64, hozAlign: 'right', headerHozAlign: 'right',
    formatter: c => text(fmt.number(c.getValue().length), {className: 'num', title: c.getValue().map(f => f.name).join('\n')})},
  {title: 'SHA-256', field: 'sha256', width: 124, headerSort: false,
    formatter: c => text(fmt.shortSha(c.getValue()), {className: 'mono', title: c.getValue()})},
];

/** The grid inside `container` (a card of the page): Tabulator takes over an element of its own. */
export function revisionsGrid(container, revisions) {
  const element = h('div', {class: 'grid'});
  container.append(element);
  return new Tabulator(element, {
    data: revisions,
    index: 'revision',
    columns: COLUMNS,
    layout: 'fitColumns',
    columnDefaults: {resizable: true},
    rowFormatter: row => {
      const el = row.getElement();
      el.dataset.revision = row.getData().revision;
      el.dataset.status = row.getData().status;
      el.classList.toggle('row-active', row.getData().status === 'ACTIVE');
    },
    placeholder: 'No revisions',
  });
}

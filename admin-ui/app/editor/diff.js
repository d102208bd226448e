// What changed between two revisions (GET /v1/rulesets/{n}/diff?against=m), as a release
// manager reviews it: files added, removed or changed; in tables the rows added (green), removed
// (red), changed (amber, each changed cell before → after) or moved; in DRL the unified-diff hunks.

import {h} from '../dom.js';
import * as fmt from '../format.js';
import {emptyState} from '../views.js';

const CHANGE_WORDS = {ADDED: 'Added', REMOVED: 'Removed', CHANGED: 'Changed', MOVED: 'Moved', UNCHANGED: 'Unchanged'};

export function diffView(diff) {
  const changed = diff.files.filter(f => f.change !== 'UNCHANGED');
  const unchanged = diff.files.filter(f => f.change === 'UNCHANGED');
  return h('div', {class: 'diff', 'data-testid': 'diff'},
    h('p', {class: 'diff-summary'},
      `Revision ${fmt.revision(diff.revision)} against ${fmt.revision(diff.against)}: `,
      changed.length === 0 ? 'no file changed.' : `${fmt.count(changed.length, 'file')} changed, ${fmt.number(unchanged.length)} unchanged.`),
    changed.length === 0
      ? emptyState('The two revisions decide alike.', 'Their tables and DRL hold the same rows and lines; only the bytes may differ.')
      : changed.map(fileDiff),
    unchanged.length > 0 && h('p', {class: 'muted'}, 'Unchanged: ', unchanged.map(f => f.name).join(', ')));
}

function fileDiff(file) {
  return h('section', {class: `card diff-file change-${file.change.toLowerCase()}`, dataset: {file: file.name}},
    h('header', {class: 'diff-file-header'}, changeBadge(file.change), h('span', {class: 'mono'}, file.name)),
    file.tables?.map(tableDiff),
    file.lines && hunks(file.lines),
    !file.tables && !file.lines && file.change !== 'CHANGED' && h('p', {class: 'diff-note muted'},
      file.change === 'ADDED' ? 'A new file in this revision.' : 'Not in this revision any more.'));
}

function tableDiff(table) {
  return h('div', {class: 'diff-table'},
    h('h3', {class: 'table-title'}, changeBadge(table.change), ' ', table.name, table.sheet && h('span', {class: 'muted'}, ` · sheet ${table.sheet}`),
      h('span', {class: 'muted'}, ` · rows paired by ${table.matchedBy === 'NAME' ? 'rule name' : 'content'}`)),
    table.columns?.length > 0 && h('ul', {class: 'diff-columns'}, table.columns.map(c => h('li', {class: `change-${c.change.toLowerCase()}`},
      changeBadge(c.change), ` column ${c.label}`,
      c.change === 'CHANGED' && [': ', h('del', {class: 'before mono'}, c.before ?? ''), ' → ', h('ins', {class: 'after mono'}, c.after ?? '')]))),
    table.rows?.length > 0
      ? h('table', {class: 'diff-rows'},
        h('thead', null, h('tr', null, h('th', null, 'Row'), h('th', null, 'Change'), h('th', null, 'Rule'), h('th', null, 'Cells'))),
        h('tbody', null, table.rows.map(rowDiff)))
      : h('p', {class: 'diff-note muted'}, 'No row changed.'));
}

function rowDiff(row) {
  const where = row.row.before != null && row.row.after != null && row.row.before !== row.row.after
    ? `${row.row.before} → ${row.row.after}` : String(row.row.after ?? row.row.before);
  return h('tr', {class: `diff-row change-${row.change.toLowerCase()}`, dataset: {change: row.change}},
    h('td', {class: 'num'}, where),
    h('td', null, changeBadge(row.change), row.moved && row.change !== 'MOVED' && h('span', {class: 'badge badge-moved'}, 'moved')),
    h('td', null, row.rule ?? h('span', {class: 'muted'}, 'no name')),
    h('td', null, row.cells?.length > 0 && h('ul', {class: 'diff-cells'}, row.cells.map(c => h('li', {class: 'diff-cell'},
      h('span', {class: 'diff-col'}, c.column), ': ',
      h('del', {class: 'before'}, c.before ?? '(empty)'), ' → ', h('ins', {class: 'after'}, c.after ?? '(empty)'))))));
}

function hunks(lines) {
  return h('pre', {class: 'diff-lines mono'}, lines.map(line => h('span', {
    class: line.startsWith('@@') ? 'hunk' : line.startsWith('+') ? 'line-added' : line.startsWith('-') ? 'line-removed' : 'line-context',
  }, line)));
}

function changeBadge(change) {
  return h('span', {class: `badge badge-change-${change.toLowerCase()}`}, CHANGE_WORDS[change] ?? fmt.label(change));
}

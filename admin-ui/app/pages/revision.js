// One revision's page, under Rule sets: #/rulesets/3 (who, when, on what, its files),
// #/rulesets/3/files/<name> (a table in the editor with "Try it" beside it, or DRL as text;
// ?simulation=ID marks that simulation's rows in the grid), #/rulesets/3/diff?against=1 (what
// changed) and #/rulesets/3/new-table (a new table from the template). From here an analyst
// downloads a file (as stored, or a table in the other format), uploads one edited in Excel, or
// edits a table in the browser; each save is a new DRAFT revision.

import {get, getFile, postForm, request} from '../api.js';
import {append, h, replace} from '../dom.js';
import {diffView} from '../editor/diff.js';
import {fileEditor} from '../editor/editor.js';
import {simulationMarks} from '../editor/simulation-marks.js';
import {tryItPanel} from '../editor/try-it.js';
import {showNewTable} from './new-table.js';
import {releasePanel} from '../release.js';
import {askBeforeLeaving} from '../shell.js';
import * as fmt from '../format.js';
import {editsTables} from '../roles.js';
import {loading, problemBox} from '../views.js';

const TABLE_FILE = /\.drl\.(csv|xlsx|xls)$/i;

/** The revision route the address names ({revision, file, simulation, diff, against, newTable}), or null for the Rule sets list. */
export function revisionRoute(hash) {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [page, number, part, ...rest] = path.split('/');
  if (page !== 'rulesets' || !/^\d+$/.test(number ?? '')) {
    return null;
  }
  const revision = Number(number);
  if (part === 'files' && rest.length > 0) {
    return {revision, file: decodeURIComponent(rest.join('/')), simulation: new URLSearchParams(query).get('simulation')};
  }
  if (part === 'new-table') {
    return {revision, newTable: true};
  }
  if (part === 'diff') {
    const against = new URLSearchParams(query).get('against');
    return {revision, diff: true, against: against && /^\d+$/.test(against) ? Number(against) : null};
  }
  return {revision};
}

export const revisionHref = revision => `#/rulesets/${revision}`;
export const fileHref = (revision, name) => `#/rulesets/${revision}/files/${encodeURIComponent(name)}`;
const newTableHref = revision => `#/rulesets/${revision}/new-table`;
const diffHref = (revision, against) => `#/rulesets/${revision}/diff${against != null ? `?against=${against}` : ''}`;

/** Fills `main` with the page `route` names; returns its clean-up. */
export function renderRevision(main, me, route) {
  const n = route.revision;
  document.title = `Revision ${fmt.revision(n)} · Arbiter admin`;
  const header = h('header', {class: 'page-header'}, h('p', {class: 'crumbs'}, h('a', {href: '#/rulesets'}, 'Rule sets'), ' / ', `Revision ${fmt.revision(n)}`),
    loading('the revision'));
  const content = h('div', {class: 'revision-content'});
  main.append(header, content);

  let shown = true;
  let cleanup = null;
  // The header is drawn again after a release (new status, new verdict); the content stays as it is.
  const drawHeader = flash => Promise.all([get(`/v1/rulesets/${n}`), get('/v1/rulesets/active').catch(() => null)])
    .then(([rev, active]) => {
      if (shown) {
        replace(header, h('p', {class: 'crumbs'}, h('a', {href: '#/rulesets'}, 'Rule sets'), ' / ', `Revision ${fmt.revision(n)}`),
          revisionHeader(rev, active, me),
          releasePanel(rev, me, {flash, onReleased: drawHeader}),
          fileTabs(rev, route));
      }
      return rev;
    });
  drawHeader(null)
    .then(rev => {
      if (!shown) {
        return;
      }
      cleanup = route.diff ? showDiff(content, rev, route.against)
        : route.file ? showFile(content, rev, route.file, me, route.simulation)
        : route.newTable ? showNewTable(content, rev, {onSaved: newTableSaved, guard: guardUnsaved})
          : (content.append(h('p', {class: 'muted hint'}, 'Open a file above: decision tables open in the editor, with "Try it" beside them.')), null);
    })
    .catch(e => replace(header, h('p', {class: 'crumbs'}, h('a', {href: '#/rulesets'}, 'Rule sets')), problemBox(e)));

  return () => {
    shown = false;
    cleanup?.();
  };
}

function revisionHeader(rev, active, me) {
  return [
    h('div', {class: 'title-line'},
      h('h1', null, `Revision ${fmt.revision(rev.revision)}`),
      h('span', {class: `badge badge-${rev.status.toLowerCase()}`, 'data-testid': 'revision-status'}, fmt.label(rev.status))),
    h('p', {class: 'revision-meta', 'data-testid': 'revision-meta'},
      rev.createdBy ? `by ${rev.createdBy}` : 'bundled with the service', ' · ',
      h('time', {datetime: rev.createdAt, title: rev.createdAt}, fmt.dateTime(rev.createdAt)),
      rev.baseRevision != null && [' · based on ', h('a', {href: revisionHref(rev.baseRevision)}, fmt.revision(rev.baseRevision))],
      ` · ${fmt.count(rev.ruleCount, 'rule')}`),
    h('p', {class: 'revision-note'}, rev.note ? h('q', null, rev.note) : h('span', {class: 'muted'}, 'No note')),
    h('div', {class: 'actions'},
      rev.baseRevision != null && h('a', {class: 'button', href: diffHref(rev.revision, rev.baseRevision)}, `Diff against base ${fmt.revision(rev.baseRevision)}`),
      active && active.revision !== rev.revision && active.revision !== rev.baseRevision
        && h('a', {class: 'button', href: diffHref(rev.revision, active.revision)}, `Diff against active ${fmt.revision(active.revision)}`),
      editsTables(me) && h('a', {class: 'button', href: newTableHref(rev.revision)}, 'New table'),
      editsTables(me) && uploadForm(rev)),
  ];
}

function fileTabs(rev, route) {
  return h('nav', {class: 'file-tabs', 'aria-label': 'Files'}, rev.files.map(f => h('a', {
    // A simulation's marks stay on while moving between its tables.
    href: fileHref(rev.revision, f.name) + (route.simulation && TABLE_FILE.test(f.name) ? `?simulation=${encodeURIComponent(route.simulation)}` : ''),
    class: `file-tab${route.file === f.name ? ' is-current' : ''}`,
    'aria-current': route.file === f.name ? 'page' : null,
  }, h('span', {class: 'mono'}, f.name), h('span', {class: 'file-kind'}, TABLE_FILE.test(f.name) ? 'table' : 'DRL'))));
}

/** Upload a file edited in Excel (or a DRL file, for engineers) on this revision: a new DRAFT. */
function uploadForm(rev) {
  const file = h('input', {type: 'file', accept: '.csv,.xlsx,.xls,.drl', 'aria-label': 'File edited in Excel', required: true});
  const note = h('input', {type: 'text', placeholder: 'Note for the approver', 'aria-label': 'Upload note', maxlength: 2048});
  const outcome = h('div');
  const form = h('form', {class: 'upload-form'},
    h('span', {class: 'upload-label'}, 'Upload a file edited in Excel'), file, note,
    h('button', {type: 'submit', class: 'button'}, 'Upload as draft'), outcome);
  form.addEventListener('submit', e => {
    e.preventDefault();
    if (!file.files.length) {
      replace(outcome, problemBox({title: 'No file chosen', detail: 'Choose the .drl.csv or .drl.xlsx file you edited.'}));
      return;
    }
    const body = new FormData();
    body.append('file', file.files[0]);
    body.append('base', String(rev.revision));
    if (note.value) {
      body.append('note', note.value);
    }
    replace(outcome, h('span', {class: 'muted'}, 'Uploading…'));
    postForm('/v1/rulesets', body)
      .then(created => {
        location.hash = fileHref(created.revision, file.files[0].name);
      })
      .catch(err => replace(outcome, problemBox(err)));
  });
  return form;
}

function showFile(content, rev, name, me, simulation) {
  if (!rev.files.some(f => f.name === name)) {
    content.append(problemBox({title: 'No such file', detail: `Revision ${fmt.revision(rev.revision)} has no file named ${name}.`}));
    return null;
  }
  const path = `/v1/rulesets/${rev.revision}/files/${encodeURIComponent(name)}`;
  const toolbar = h('div', {class: 'file-toolbar'},
    h('h2', {class: 'file-title mono'}, name),
    h('button', {type: 'button', class: 'button', onclick: () => download(path, name, toolbar)}, 'Download'));
  append(toolbar, otherFormats(path, name, toolbar));
  content.append(toolbar);

  if (!TABLE_FILE.test(name)) {
    const text = h('pre', {class: 'card drl-text mono', 'data-testid': 'drl'}, 'Loading…');
    content.append(h('p', {class: 'muted'}, 'DRL is code: it is read here, and engineers change it by uploading a .drl file.'), text);
    getFile(path).then(b => b.text()).then(t => replace(text, t)).catch(e => replace(text, problemBox(e)));
    return null;
  }

  const editorBox = h('div', {class: 'editor-main'}, loading('the table'));
  const panel = h('aside', {class: 'card try-panel'});
  const marks = simulation && simulationMarks(content.appendChild(h('div')), {id: simulation, revision: rev.revision, file: name});
  content.append(h('div', {class: 'editor-layout'}, editorBox, panel));
  let editor = null;
  let shown = true;
  get(`${path}/grid`).then(grid => {
    if (!shown) {
      return;
    }
    editor = fileEditor(editorBox, grid, {
      revision: rev.revision,
      editable: editsTables(me),
      onSaved: created => {
        location.hash = fileHref(created.revision, name);
      },
    });
    marks?.attach(editor);
  }).catch(e => replace(editorBox, problemBox(e)));
  tryItPanel(panel, rev.revision, {
    onMatched: rows => editor?.highlight(rows),
    fileLinks: file => fileHref(rev.revision, file),
  });
  const stopAsking = guardUnsaved({dirty: () => editor?.dirty()});
  return () => {
    shown = false;
    stopAsking();
    editor?.destroy();
  };
}

/**
 * Leaving (a link, Back, Forward) would drop the edits silently (the page is drawn afresh): the
 * router asks first while `editor` has unsaved changes. Returns the removal.
 */
function guardUnsaved(editor) {
  return askBeforeLeaving(() => editor?.dirty() ? 'Leave this table? Your unsaved changes will be lost.' : null);
}

/** A new table saved: the new DRAFT's page with the table open in it. */
function newTableSaved(created, name) {
  location.hash = fileHref(created.revision, name);
}

/** "Download as CSV" / "Download as XLSX" for a table: the same cells in the format it is not stored in. */
function otherFormats(path, name, near) {
  const kind = TABLE_FILE.exec(name)?.[1].toLowerCase();
  return kind && ['csv', 'xlsx'].filter(as => as !== kind).map(as => h('button', {
    type: 'button', class: 'button',
    onclick: () => download(`${path}?as=${as}`, name.replace(TABLE_FILE, `.drl.${as}`), near),
  }, `Download as ${as.toUpperCase()}`));
}

/** Saves the stored bytes under their own name (through the API, so a bearer token goes with the request). */
function download(path, name, near) {
  getFile(path).then(blob => {
    const url = URL.createObjectURL(blob);
    const a = h('a', {href: url, download: name, hidden: true});
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }).catch(e => near.after(problemBox(e)));
}

function showDiff(content, rev, against) {
  const box = h('div', null, loading('the differences'));
  content.append(box);
  let shown = true;
  request('GET', `/v1/rulesets/${rev.revision}/diff${against != null ? `?against=${against}` : ''}`)
    .then(diff => shown && replace(box, diffView(diff)))
    .catch(e => replace(box, problemBox(e)));
  return () => {
    shown = false;
  };
}

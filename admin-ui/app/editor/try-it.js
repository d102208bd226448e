// "Try it": a command typed into a form of the fact-model fields (GET /v1/fact-model) or as raw
// JSON, evaluated against the revision shown (POST /v1/rulesets/{n}/evaluate, a dry run: nothing
// is decided or recorded). The answer is a small card coloured by outcome, and the rows that
// decided are handed to `onMatched` so the grid lights them up. The answer sits above the form, in
// view beside the grid while the form below is changed and tried again.

import {get, request} from '../api.js';
import {h, replace} from '../dom.js';
import * as fmt from '../format.js';
import {problemBox} from '../views.js';

/** The panel inside `container` for revision `revision`. `onMatched(matchedRows)` after each answer. */
export function tryItPanel(container, revision, {onMatched, fileLinks}) {
  const form = h('form', {class: 'try-form', 'data-testid': 'try-it', novalidate: true});
  const result = h('div', {class: 'try-result', 'aria-live': 'polite'});
  replace(container,
    h('h2', {class: 'panel-title'}, 'Try it'),
    h('p', {class: 'muted'}, `What revision ${fmt.revision(revision)} as stored decides for a command — nothing is decided or recorded.`),
    result, form);

  get('/v1/fact-model').then(model => build(model.fields)).catch(e => replace(form, problemBox(e)));

  function build(fields) {
    const inputs = new Map();
    const fieldRows = fields.filter(f => f.sent).map(f => {
      const id = `try-${f.name}`;
      const input = f.type === 'ATTRIBUTES'
        ? h('textarea', {id, rows: 3, placeholder: 'dataResidency=restricted\none per line: name=value'})
        : h('input', {id, type: 'text', placeholder: f.example, maxlength: f.maxLength ?? undefined, required: f.required});
      inputs.set(f.name, {field: f, input});
      // The field's meaning on hover: fourteen one-line explanations would push the button out of sight.
      input.title = f.description;
      return h('div', {class: 'try-field'},
        h('label', {for: id, title: f.description}, f.name, f.required && h('span', {class: 'required', title: 'required'}, ' *')),
        input,
        f.type === 'ATTRIBUTES' && h('span', {class: 'try-hint muted'}, f.description));
    });
    // A dry run never remembers a command id, so a fresh one is as good as any: one field less to fill.
    inputs.get('commandId').input.value = `try-${Date.now().toString(36)}`;

    const raw = h('textarea', {class: 'mono try-raw', rows: 10, 'aria-label': 'Command as JSON', hidden: true});
    const rawToggle = h('input', {type: 'checkbox', id: 'try-raw-toggle'});
    const at = h('input', {type: 'datetime-local', id: 'try-at', step: 1});
    const formFields = h('div', {class: 'try-fields'}, fieldRows);
    rawToggle.addEventListener('change', () => {
      if (rawToggle.checked) {
        raw.value = JSON.stringify(fromForm(inputs), null, 2);
      }
      raw.hidden = !rawToggle.checked;
      formFields.hidden = rawToggle.checked;
    });

    replace(form,
      h('label', {class: 'try-toggle'}, rawToggle, ' Write the command as JSON'),
      formFields, raw,
      h('div', {class: 'try-field'}, h('label', {for: 'try-at'}, 'As of (UTC)'), at,
        h('span', {class: 'try-hint muted'}, 'Rows not yet effective or expired then do not match; empty: now.')),
      h('button', {type: 'submit', class: 'button button-primary'}, 'Try it'));

    form.addEventListener('submit', e => {
      e.preventDefault();
      let command;
      try {
        command = rawToggle.checked ? JSON.parse(raw.value) : fromForm(inputs);
      } catch (err) {
        replace(result, problemBox({title: 'Not JSON', detail: err.message}));
        return;
      }
      const query = at.value ? `?at=${encodeURIComponent(new Date(`${at.value}Z`).toISOString())}` : '';
      replace(result, h('p', {class: 'muted'}, 'Evaluating…'));
      request('POST', `/v1/rulesets/${revision}/evaluate${query}`, command)
        .then(answer => {
          replace(result, card(answer, fileLinks));
          onMatched(answer.matchedRows ?? []);
        })
        .catch(err => {
          replace(result, problemBox(err));
          onMatched([]);
        });
    });
  }
}

/** The decide body from the form: filled fields only; attributes from name=value lines. */
function fromForm(inputs) {
  const command = {};
  for (const [name, {field, input}] of inputs) {
    const value = input.value.trim();
    if (!value) {
      continue;
    }
    if (field.type === 'ATTRIBUTES') {
      command.attributes = Object.fromEntries(value.split('\n').map(l => l.trim()).filter(Boolean).map(line => {
        const i = line.indexOf('=');
        return i < 0 ? [line, ''] : [line.slice(0, i).trim(), line.slice(i + 1).trim()];
      }));
    } else {
      command[name] = value;
    }
  }
  return command;
}

function card(a, fileLinks) {
  const row = (label, value, className) => value != null && value !== '' && [h('dt', null, label), h('dd', {class: className}, value)];
  return h('article', {class: `outcome-card outcome-${a.outcome.toLowerCase()}`, 'data-testid': 'try-card'},
    h('header', null, h('span', {class: `badge badge-outcome-${a.outcome.toLowerCase()}`}, fmt.label(a.outcome)),
      h('span', {class: 'muted'}, ` bucket ${a.bucket} · as of ${fmt.dateTime(a.evaluatedAt)}`)),
    h('dl', {class: 'facts'},
      row('Owner', a.owner), row('Implementation', a.implementation), row('Mode', a.mode),
      row('Acceptance', a.acceptance), row('Failure contract', a.failureContract),
      row('Translation', a.translation), row('Destination', a.destination, 'mono')),
    a.matchedRows?.length > 0 && [h('p', {class: 'card-label'}, 'Decided by'),
      h('ol', {class: 'matched'}, a.matchedRows.map(m => h('li', null,
        h('a', {href: fileLinks(m.file)}, m.file), ` · ${m.table} · row ${m.row}`, h('br'), h('span', {class: 'muted'}, m.rule))))],
    a.reasons?.length > 0 && [h('p', {class: 'card-label'}, 'Reasons'), h('ul', {class: 'reasons'}, a.reasons.map(r => h('li', null, r)))]);
}

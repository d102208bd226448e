// A simulation's rows in the table editor (#/rulesets/3/files/x.drl.csv?simulation=ID, linked from
// the report): reads the simulation (GET /v1/simulations/{id}), says which one above the grid with
// the legend and this file's counts, and has the grid mark the rows that decided (with how often)
// and the rows that decided nothing.

import {get} from '../api.js';
import {h, replace} from '../dom.js';
import * as fmt from '../format.js';
import {problemBox} from '../views.js';

/**
 * The legend for simulation `id` inside `container`, for `file` of `revision`. Returns
 * {attach(editor)}: call it once the file's editor exists; its grids are marked when the
 * simulation has been read (a simulation of another revision, or without a report, marks nothing).
 */
export function simulationMarks(container, {id, revision, file}) {
  replace(container, h('p', {class: 'muted'}, 'Reading the simulation…'));
  const report = get(`/v1/simulations/${encodeURIComponent(id)}`)
    .then(s => {
      const problem = s.candidateRevision !== revision
        ? {title: 'Another revision’s simulation', detail: `Simulation ${id.slice(0, 8)} replayed revision ${fmt.revision(s.candidateRevision)}, not ${fmt.revision(revision)}: its rows are not marked here.`}
        : s.status !== 'COMPLETED' ? {title: 'No report yet', detail: `Simulation ${id.slice(0, 8)} is ${fmt.label(s.status).toLowerCase()}: rows are marked once it has completed.`}
          : null;
      replace(container, problem ? problemBox(problem) : legend(s, file));
      return problem ? null : s.report;
    })
    .catch(error => {
      replace(container, problemBox(error));
      return null;
    });
  return {
    attach: editor => report.then(r => r && editor.markSimulation(r)),
  };
}

function legend(s, file) {
  const r = s.report;
  const hit = (r.rowsHit ?? []).filter(x => x.file === file);
  const dead = (r.deadRowsAt ?? []).filter(x => x.file === file);
  const decisions = hit.reduce((n, x) => n + x.hits, 0);
  return h('div', {class: 'sim-legend', 'data-testid': 'simulation-legend'},
    h('p', {class: 'sim-legend-title'},
      'Rows of ', h('a', {href: `#/simulations/${s.id}`}, `the simulation of ${fmt.dateTime(s.createdAt)}`),
      ` (${fmt.count(r.replayed, 'decision')} replayed against ${r.baseline})`),
    h('ul', {class: 'sim-legend-keys'},
      h('li', {class: 'sim-key sim-key-hit', 'data-testid': 'legend-hit'},
        `Decided: ${fmt.count(hit.length, 'row')}, ${fmt.count(decisions, 'decision')} in all — each row's count in the “Decided” column`),
      r.deadRowsAt == null
        ? h('li', {class: 'sim-key sim-key-unknown'}, `Decided nothing: not marked — this report was stored before those rows were located (it names ${fmt.count((r.deadRows ?? []).length, 'row')} across the revision)`)
        : h('li', {class: 'sim-key sim-key-dead', 'data-testid': 'legend-dead'}, `Decided nothing: ${fmt.count(dead.length, 'row')}`)),
    h('a', {class: 'sim-legend-close', href: location.hash.replace(/\?.*$/, '')}, 'Hide the simulation'));
}

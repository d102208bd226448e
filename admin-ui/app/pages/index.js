// Every page of the admin UI, in navigation order. A page is {id, title, allowed(me), render(main, me)}:
// `id` is its URL (#/<id>), `allowed` says whether the signed-in caller's roles let them use it
// (the navigation shows only those), `render` fills the main area and may return a clean-up function.
// A page's own sub-addresses (#/<id>/<object id>, #/<id>?<filters>) are read by the page itself.

import {auditPage} from './audit.js';
import {livePage} from './live.js';
import {ruleSetsPage} from './rulesets.js';
import {simulationsPage} from './simulations.js';

export const PAGES = [
  ruleSetsPage,
  simulationsPage,
  auditPage,
  livePage,
];

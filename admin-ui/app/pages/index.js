// Every page of the admin UI, in navigation order. A page is {id, title, allowed(me), render(main, me)}:
// `id` is its URL (#/<id>), `allowed` says whether the signed-in caller's roles let them use it
// (the navigation shows only those), `render` fills the main area and may return a clean-up function.

import {READS_AUDIT_LOG, READS_SIMULATIONS, hasAny} from '../roles.js';
import {comingSoon} from './coming-soon.js';
import {ruleSetsPage} from './rulesets.js';

export const PAGES = [
  ruleSetsPage,
  comingSoon({
    id: 'simulations',
    title: 'Simulations',
    allowed: me => hasAny(me, READS_SIMULATIONS),
    what: 'Replay recent decisions against a candidate revision and see what it would change, before an approver releases it.',
    meanwhile: ['POST /v1/simulations', 'GET /v1/simulations/{id}'],
  }),
  comingSoon({
    id: 'audit',
    title: 'Audit',
    allowed: me => hasAny(me, READS_AUDIT_LOG),
    what: 'Search the audit log of decisions, open one decision with the rows that decided it, and verify the hash chain.',
    meanwhile: ['GET /v1/decisions', 'GET /v1/decisions/{id}', 'GET /v1/audit/verify'],
  }),
  comingSoon({
    id: 'live',
    title: 'Live',
    allowed: me => hasAny(me, READS_AUDIT_LOG),
    what: 'Watch decisions as they are made: owners, outcomes and latency per revision.',
    meanwhile: ['GET /v1/decisions', 'GET /q/metrics'],
  }),
];

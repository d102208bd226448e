// What each of Arbiter's roles may do, as the API enforces it (README, "API": the role table).
// The UI offers only what the signed-in caller's roles allow; the API still decides.

export const READS_RULE_SETS = ['analyst', 'engineer', 'approver'];
export const READS_ACTIVATIONS = ['analyst', 'engineer', 'approver', 'auditor'];
export const READS_SIMULATIONS = ['analyst', 'engineer', 'approver', 'auditor'];
export const READS_AUDIT_LOG = ['auditor'];
export const RUNS_SIMULATIONS = ['analyst', 'engineer', 'auditor'];
/**
 * The live page reads /q/metrics and /q/health, which anyone may read; it is offered to the people
 * who act on traffic (the sketch: analysts and release managers after a release, engineers during
 * one, auditors), and only to platform callers — the metrics count every tenant's decisions, which
 * a tenant-bound caller sees nowhere else.
 */
export const WATCHES_LIVE = ['analyst', 'engineer', 'approver', 'auditor'];

/** Whether `me` (GET /v1/me) has at least one of `roles`. */
export function hasAny(me, roles) {
  return me.roles.some(r => roles.includes(r));
}

/** Who may change tables (upload, edit in the browser, save a draft); a tenant-bound caller may read them only. */
export const EDITS_TABLES = ['analyst', 'engineer'];

export function editsTables(me) {
  return hasAny(me, EDITS_TABLES) && !me.tenant;
}

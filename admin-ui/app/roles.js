// What each of Arbiter's roles may do, as the API enforces it (README, "API": the role table).
// The UI offers only what the signed-in caller's roles allow; the API still decides.

export const READS_RULE_SETS = ['analyst', 'engineer', 'approver'];
export const READS_ACTIVATIONS = ['analyst', 'engineer', 'approver', 'auditor'];
export const READS_SIMULATIONS = ['analyst', 'engineer', 'approver', 'auditor'];
export const READS_AUDIT_LOG = ['auditor'];

/** Whether `me` (GET /v1/me) has at least one of `roles`. */
export function hasAny(me, roles) {
  return me.roles.some(r => roles.includes(r));
}

/** Who may change tables (upload, edit in the browser, save a draft); a tenant-bound caller may read them only. */
export const EDITS_TABLES = ['analyst', 'engineer'];

export function editsTables(me) {
  return hasAny(me, EDITS_TABLES) && !me.tenant;
}

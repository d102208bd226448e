package io.arbiter.security;

/** What a caller may see of the audit log: a tenant-bound caller its own tenant only, a platform caller any. */
public final class TenantScope {
    private TenantScope() {
    }

    /**
     * The tenant filter to apply for {@code caller} asking for {@code requested} (null: any): a
     * bound caller gets its tenant whatever it asked, unless it asked for another one (403).
     */
    public static String filter(Caller caller, String requested, String field) {
        if (!caller.tenantBound()) {
            return requested;
        }
        if (requested != null && !requested.equals(caller.tenant())) {
            throw new TenantForbiddenException(field, "This caller sees tenant '" + caller.tenant() + "' only");
        }
        return caller.tenant();
    }

    /**
     * For what spans every tenant — the hash chain, rule sets (they route every tenant's commands):
     * platform callers only; {@code why} tells a tenant-bound caller what it may not do and why.
     */
    public static void requirePlatform(Caller caller, String why) {
        if (caller.tenantBound()) {
            throw new TenantForbiddenException(null, why);
        }
    }
}

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

    /** For views that span every tenant (the hash chain): platform callers only. */
    public static void requirePlatform(Caller caller, String what) {
        if (caller.tenantBound()) {
            throw new TenantForbiddenException(null, what + " spans every tenant's records; it needs a caller not bound to a tenant");
        }
    }
}

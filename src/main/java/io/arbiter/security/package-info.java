/** Who may do what: the six roles, the caller's identity and tenant, open mode, and the start-up check that refuses to run unprotected by accident. */
package io.arbiter.security;

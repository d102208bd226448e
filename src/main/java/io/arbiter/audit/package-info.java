/** The audit log: every decision returned to a caller, durably recorded with the revision that made it. */
package io.arbiter.audit;

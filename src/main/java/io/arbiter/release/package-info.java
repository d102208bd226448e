/** The release gate: a revision takes traffic only after a simulation over recent decisions, or an override recorded with who, when and why. */
package io.arbiter.release;

/** Versioned rule sets: decision tables and DRL compiled to a Drools knowledge base, stored, activated and rolled back. */
package io.arbiter.ruleset;

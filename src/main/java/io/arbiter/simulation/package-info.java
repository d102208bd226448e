/** Historical replay: what a candidate rule set would decide differently over past commands, before it is released. */
package io.arbiter.simulation;

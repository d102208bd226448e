/** Live inputs to decisions: declared signals with freshness contracts, their latest observations, and the snapshot decide reads without I/O. */
package io.arbiter.signals;

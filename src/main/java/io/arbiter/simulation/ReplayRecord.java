package io.arbiter.simulation;

import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.RoutingResult;
import io.arbiter.decision.SignalReading;

import java.time.Instant;
import java.util.Map;

/**
 * One command to replay: its envelope, when and with which bucket it was decided, the signals it
 * read then (empty for a bare envelope, and for a decision of a revision testing none), and — for
 * an audit record — what was decided then (null for a bare envelope).
 */
public record ReplayRecord(String decisionId, CommandEnvelope envelope, Instant decidedAt, int bucket,
                           Integer revision, Map<String, SignalReading> signals, RoutingResult recorded) {
}

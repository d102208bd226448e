package io.arbiter.simulation;

import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.RoutingResult;

import java.time.Instant;

/**
 * One command to replay: its envelope, when and with which bucket it was decided, and — for an
 * audit record — what was decided then (null for a bare envelope).
 */
public record ReplayRecord(String decisionId, CommandEnvelope envelope, Instant decidedAt, int bucket,
                           Integer revision, RoutingResult recorded) {
}

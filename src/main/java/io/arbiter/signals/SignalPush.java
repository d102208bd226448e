package io.arbiter.signals;

import java.time.Instant;

/**
 * One push of a signal, as recorded: the value's text, when the source observed it, when Arbiter
 * received it, who pushed it, and whether it became the signal's value ({@code applied} is false
 * for an observation older than the one already held: late, out-of-order deliveries are kept on
 * record but do not turn the signal back).
 */
public record SignalPush(long id, String name, String value, Instant observedAt, Instant receivedAt, String pushedBy,
        String subject, String clientId, boolean applied) {
}

package io.arbiter.api;

import io.arbiter.decision.Observation;
import io.arbiter.signals.SignalPush;
import io.arbiter.signals.SignalService;

import java.time.Instant;
import java.util.List;

/**
 * A signal as it stands ({@code GET /v1/signals}, and the answer to a push): its contract, its
 * latest value (null when never observed), {@code maxAge} as an ISO-8601 duration ({@code PT2M}), when the source observed it and how old that is now,
 * whether it is stale (past {@code maxAge}, or never observed), where the value came from and
 * since when it has been this value.
 */
public record SignalV1(String name, String type, List<String> levels, String maxAge, Object value, Instant observedAt,
        Double ageSeconds, boolean stale, String source, Instant changedAt) {

    static SignalV1 of(SignalService.Status s) {
        Observation o = s.observation();
        return new SignalV1(s.declaration().name(), s.declaration().type().name(), s.declaration().levels(), s.declaration().maxAge().toString(),
                o == null ? null : o.value(), o == null ? null : o.observedAt(), s.age() == null ? null : s.age().toNanos() / 1e9,
                s.stale(), o == null ? null : o.source(), o == null ? null : o.changedAt());
    }

    /** One push as recorded ({@code GET /v1/signals/{name}/pushes}): the value as the signal's type writes it. */
    public record PushV1(long id, String name, Object value, Instant observedAt, Instant receivedAt, String pushedBy, String subject,
            String clientId, boolean applied) {

        static PushV1 of(SignalPush p, SignalService.Status signal) {
            return new PushV1(p.id(), p.name(), signal.declaration().parse(p.value()), p.observedAt(), p.receivedAt(), p.pushedBy(), p.subject(), p.clientId(), p.applied());
        }
    }

    /** A page of pushes, newest first; {@code nextCursor} asks for the older ones. */
    public record PushPageV1(List<PushV1> items, String nextCursor) {
    }
}

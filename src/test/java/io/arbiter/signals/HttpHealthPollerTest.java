package io.arbiter.signals;

import io.arbiter.decision.Observation;
import io.arbiter.decision.SignalDeclaration;
import io.arbiter.decision.SignalType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP-health source against a real HTTP server that answers UP, DOWN, nothing, then stops. */
class HttpHealthPollerTest {

    static HttpHealthPoller poller(String url, Duration timeout, List<int[]> up) {
        return new HttpHealthPoller(new HttpHealthPoller.Settings("payments.up", URI.create(url), Duration.ofSeconds(1), timeout,
                new HttpHealthPoller.UpStatuses(up)), Clock.systemUTC());
    }

    @Test
    void theSignalFollowsTheHealthUrlUpThenDownThenNoAnswerThenNoServerEachObservedWhenChecked() throws Exception {
        SignalBoard board = new SignalBoard(Map.of("payments.up", new SignalDeclaration("payments.up", SignalType.BOOLEAN, List.of(),
                Duration.ofSeconds(30))));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (TestHealthServer server = new TestHealthServer()) {
            HttpHealthPoller poller = poller(server.url(), Duration.ofMillis(500), List.of(new int[] {200, 299}));
            SignalPollers pollers = new SignalPollers(board, registry, List.of(poller));

            pollers.poll(poller);
            Observation up = board.snapshot().get("payments.up");
            assertEquals(true, up.value());
            assertEquals("http", up.source());

            server.answer(503);
            pollers.poll(poller);
            Observation down = board.snapshot().get("payments.up");
            assertEquals(false, down.value());
            assertEquals(down.observedAt(), down.changedAt());
            assertEquals(2.0, registry.get("arbiter.signal.polls").tags("signal", "payments.up", "result", "ok").counter().count(),
                    "a DOWN answer is a poll that worked");

            server.answer(TestHealthServer.HANG);
            long started = System.nanoTime();
            SignalPoller.Reading noAnswer = poller.read();
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertEquals(false, noAnswer.value());
            assertTrue(noAnswer.failure().contains("no answer"), noAnswer.failure());
            assertTrue(took.compareTo(Duration.ofMillis(450)) >= 0 && took.compareTo(Duration.ofMillis(1500)) < 0, "gave up after " + took);

            server.answer(200);
            pollers.poll(poller);
            assertEquals(true, board.snapshot().get("payments.up").value());

            server.answer(TestHealthServer.HANG);
            pollers.poll(poller);
            Observation timedOut = board.snapshot().get("payments.up");
            assertEquals(false, timedOut.value(), "no answer in time is DOWN, observed then — not left to go stale");
            assertFalse(timedOut.observedAt().isBefore(Instant.now().minusSeconds(2)));
            assertEquals(1.0, registry.get("arbiter.signal.polls").tags("signal", "payments.up", "result", "failed").counter().count());

            server.close();
            SignalPoller.Reading refused = poller.read();
            assertEquals(false, refused.value());
            assertTrue(refused.failure().contains("could not be asked"), refused.failure());
        }
    }

    @Test
    void theStatusesThatMeanUpAreConfigurable() throws Exception {
        try (TestHealthServer server = new TestHealthServer()) {
            HttpHealthPoller poller = poller(server.url(), Duration.ofSeconds(1), List.of(new int[] {200, 200}, new int[] {429, 429}));
            server.answer(204);
            assertEquals(false, poller.read().value());
            server.answer(429); // throttled, but alive
            SignalPoller.Reading throttled = poller.read();
            assertEquals(true, throttled.value());
            assertNull(throttled.failure());
        }
    }
}

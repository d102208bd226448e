package io.arbiter.signals;

import io.arbiter.decision.Observation;
import io.arbiter.decision.SignalDeclaration;
import io.arbiter.decision.SignalType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consumer-lag source against a real KRaft broker in this JVM; the last test stops the broker. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaLagPollerTest {
    static TestKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = TestKafka.start();
        kafka.createTopic("orders", 2);
        kafka.createTopic("returns", 1);
        kafka.produce("orders", 2, 10); // 10 records on each of its 2 partitions
        kafka.produce("returns", 1, 5);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    static KafkaLagPoller poller(String group, List<String> topics) {
        return new KafkaLagPoller(new KafkaLagPoller.Settings("lag", kafka.bootstrapServers(), group, topics, Duration.ofSeconds(1),
                Duration.ofSeconds(2), Map.of()), Clock.systemUTC());
    }

    static BigDecimal lag(KafkaLagPoller poller) throws Exception {
        return (BigDecimal) poller.read().value();
    }

    @Test
    @Order(1)
    void theLagIsTheSumOverTheTopicsPartitionsOfTheEndLessTheCommittedOffsetAndFollowsTheGroup() throws Exception {
        kafka.commit("planner", "orders", 0, 4);
        kafka.commit("planner", "orders", 1, 10);
        kafka.commit("planner", "returns", 0, 2);
        try (KafkaLagPoller poller = poller("planner", List.of("orders", "returns"))) {
            Instant before = Instant.now();
            SignalPoller.Reading reading = poller.read();
            assertEquals(new BigDecimal(6 + 0 + 3), reading.value());
            assertNull(reading.failure());
            assertFalse(reading.observedAt().isBefore(before), "observed when the offsets were read");
            assertEquals(new BigDecimal(6), lag(poller("planner", List.of("orders"))));

            // The group catches up.
            kafka.commit("planner", "orders", 0, 10);
            kafka.commit("planner", "returns", 0, 5);
            assertEquals(BigDecimal.ZERO, lag(poller));
        }
    }

    @Test
    @Order(2)
    void partitionsWhereTheGroupCommittedNothingCountFromTheEarliestOffset() throws Exception {
        kafka.deleteRecordsBefore("returns", 0, 3); // earliest 3, end 5
        try (KafkaLagPoller never = poller("never-consumed", List.of("orders", "returns"))) {
            assertEquals(new BigDecimal(10 + 10 + 2), lag(never));
        }
        kafka.commit("half", "orders", 1, 7); // partition 0 and returns: from the earliest
        try (KafkaLagPoller half = poller("half", List.of("orders", "returns"))) {
            assertEquals(new BigDecimal(10 + 3 + 2), lag(half));
        }
    }

    @Test
    @Order(3)
    void aTopicThatDoesNotExistIsAFailedPollThatRecordsNothing() {
        SignalBoard board = board();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KafkaLagPoller poller = poller("planner", List.of("orders", "no-such-topic"))) {
            assertThrows(Exception.class, poller::read);
            SignalPollers pollers = new SignalPollers(board, registry, List.of(poller));
            pollers.poll(poller);
            assertNull(board.snapshot().get("lag"));
            assertEquals(1.0, registry.get("arbiter.signal.polls").tags("signal", "lag", "result", "failed").counter().count());
        }
    }

    @Test
    @Order(4)
    void aPollRecordsTheLagAsAKafkaObservationKeepingTheChangeTimeWhileTheValueStaysTheSame() throws Exception {
        SignalBoard board = board();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KafkaLagPoller poller = poller("planner", List.of("orders"))) {
            SignalPollers pollers = new SignalPollers(board, registry, List.of(poller));
            pollers.poll(poller);
            Observation first = board.snapshot().get("lag");
            assertEquals(BigDecimal.ZERO, first.value());
            assertEquals("kafka", first.source());
            assertEquals(first.observedAt(), first.changedAt());
            Thread.sleep(5);
            pollers.poll(poller);
            Observation second = board.snapshot().get("lag");
            assertTrue(second.observedAt().isAfter(first.observedAt()));
            assertEquals(first.changedAt(), second.changedAt(), "the same lag again is no change");
            kafka.commit("planner", "orders", 1, 8);
            pollers.poll(poller);
            Observation third = board.snapshot().get("lag");
            assertEquals(new BigDecimal(2), third.value());
            assertEquals(third.observedAt(), third.changedAt());
            assertEquals(3.0, registry.get("arbiter.signal.polls").tags("signal", "lag", "result", "ok").counter().count());
        }
    }

    @Test
    @Order(5)
    void aLatchOfTheLagTurnsOnWhenTheGroupFallsBehindAndOffWhenItCatchesUpEachAfterTheDwell() throws Exception {
        SignalLatch behind = new SignalLatch("behind", "lag", new BigDecimal(5), BigDecimal.ONE, Duration.ofSeconds(3));
        SignalBoard board = new SignalBoard(Map.of("lag", new SignalDeclaration("lag", SignalType.NUMBER, List.of(), Duration.ofMinutes(1)),
                "behind", new SignalDeclaration("behind", SignalType.BOOLEAN, List.of(), Duration.ofMinutes(1))));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        SignalSwitches switches = new SignalSwitches(List.of("behind"), registry);
        kafka.commit("planner", "orders", 1, 10); // caught up: 0 behind
        try (KafkaLagPoller poller = poller("planner", List.of("orders"))) {
            SignalPollers pollers = new SignalPollers(board, registry, List.of(poller), List.of(behind), switches);
            pollers.poll(poller);
            Observation first = board.snapshot().get("behind");
            assertEquals(false, first.value());
            assertEquals("hysteresis of lag", first.source());
            assertEquals(board.snapshot().get("lag").observedAt(), first.observedAt(), "as fresh as the lag it is of");

            kafka.commit("planner", "orders", 1, 2); // 8 behind
            pollers.poll(poller);
            assertEquals(false, board.snapshot().get("behind").value(), "8 is above 5, but the dwell since the first poll holds");
            sleepUntil(first.changedAt().plus(behind.dwell()));
            pollers.poll(poller);
            Observation on = board.snapshot().get("behind");
            assertEquals(true, on.value());
            assertEquals(board.snapshot().get("lag").observedAt(), on.changedAt());

            kafka.commit("planner", "orders", 1, 10); // caught up
            pollers.poll(poller);
            assertEquals(true, board.snapshot().get("behind").value(), "0 is below 1, but the dwell since the switch holds");
            sleepUntil(on.changedAt().plus(behind.dwell()));
            pollers.poll(poller);
            assertEquals(false, board.snapshot().get("behind").value());
            assertEquals(2.0, registry.get("arbiter.signal.switches").tags("signal", "behind").counter().count(), "one switch each way");
        }
    }

    static void sleepUntil(Instant t) throws InterruptedException {
        long ms = Duration.between(Instant.now(), t).toMillis();
        if (ms >= 0) {
            Thread.sleep(ms + 20);
        }
    }

    @Test
    @Order(6)
    void whenTheBrokerStopsPollsFailWithinTheTimeoutAndTheHeldValueGoesStaleByItsContract() throws Exception {
        SignalBoard board = board();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (KafkaLagPoller poller = poller("planner", List.of("orders"))) {
            SignalPollers pollers = new SignalPollers(board, registry, List.of(poller));
            pollers.poll(poller);
            Observation held = board.snapshot().get("lag");
            kafka.stop();

            long started = System.nanoTime();
            pollers.poll(poller);
            pollers.poll(poller);
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(6)) < 0, "each poll gives up after its 2 s");
            assertSame(held, board.snapshot().get("lag"), "a failed poll records nothing");
            assertEquals(2.0, registry.get("arbiter.signal.polls").tags("signal", "lag", "result", "failed").counter().count());
            assertTrue(held.staleAt(held.observedAt().plus(Duration.ofMinutes(1)).plusMillis(1), Duration.ofMinutes(1)));
        }
    }

    static SignalBoard board() {
        return new SignalBoard(Map.of("lag", new SignalDeclaration("lag", SignalType.NUMBER, List.of(), Duration.ofMinutes(1))));
    }
}

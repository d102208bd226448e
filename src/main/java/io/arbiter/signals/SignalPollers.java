package io.arbiter.signals;

import io.arbiter.decision.Observation;
import io.arbiter.decision.SignalDeclaration;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Polls the signals that have a source ({@link SignalSources}) on threads of their own, each at its
 * interval, and puts what they read into the {@link SignalBoard}'s snapshot — so decide never
 * waits on a poll. A failed poll records nothing (the value goes stale by its contract); a failure
 * streak is logged once when it starts and once when it ends. Every replica polls for itself:
 * polled values are not stored, and a restarted replica has none until its first poll.
 * Counts polls as {@code arbiter_signal_polls_total{signal,result=ok|failed}}. Each newer
 * observation also moves the signal's latches ({@link SignalLatch}), per replica like the value.
 */
@Startup
@ApplicationScoped
public class SignalPollers {
    private static final Logger LOG = Logger.getLogger(SignalPollers.class);

    private final SignalBoard board;
    private final MeterRegistry registry;
    private final List<SignalPoller> pollers;
    private final Map<String, List<SignalLatch>> latches;
    private final SignalSwitches switches;
    private final Map<String, String> failing = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    @Inject
    public SignalPollers(SignalSources sources, SignalBoard board, MeterRegistry registry, SignalSwitches switches) {
        this(board, registry, pollers(sources, Clock.systemUTC()), sources.latches().values(), switches);
    }

    SignalPollers(SignalBoard board, MeterRegistry registry, List<SignalPoller> pollers) {
        this(board, registry, pollers, List.of(), new SignalSwitches(registry));
    }

    SignalPollers(SignalBoard board, MeterRegistry registry, List<SignalPoller> pollers, Collection<SignalLatch> latches,
                  SignalSwitches switches) {
        this.board = board;
        this.registry = registry;
        this.pollers = List.copyOf(pollers);
        this.latches = latches.stream().collect(Collectors.groupingBy(SignalLatch::of));
        this.switches = switches;
    }

    private static List<SignalPoller> pollers(SignalSources sources, Clock clock) {
        List<SignalPoller> out = new ArrayList<>();
        sources.kafka().values().forEach(s -> out.add(new KafkaLagPoller(s, clock)));
        sources.http().values().forEach(s -> out.add(new HttpHealthPoller(s, clock)));
        return out;
    }

    /** One thread per poller: a source that hangs until its timeout delays no other. */
    @PostConstruct
    void start() {
        if (pollers.isEmpty()) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        executor = Executors.newScheduledThreadPool(pollers.size(), r -> {
            Thread t = new Thread(r, "arbiter-signal-poll-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (SignalPoller p : pollers) {
            executor.scheduleWithFixedDelay(() -> poll(p), 0, p.interval().toNanos(), TimeUnit.NANOSECONDS);
        }
        LOG.infof("Polling %d signal source(s)", pollers.size());
    }

    /** Reads {@code poller}'s source once and records what it read; never throws (a scheduled task that throws is never run again). */
    void poll(SignalPoller poller) {
        String signal = poller.signal();
        SignalPoller.Reading reading;
        try {
            reading = poller.read();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping
            return;
        } catch (Exception e) {
            failed(poller, describe(e), "; nothing is recorded and the value goes stale by its contract");
            return;
        }
        SignalDeclaration declaration = board.declaration(signal);
        Instant observedAt = reading.observedAt().truncatedTo(ChronoUnit.MICROS); // as pushed values are kept
        Observation had = board.snapshot().get(signal);
        String text = SignalDeclaration.text(reading.value());
        Observation observed = Observation.following(had, signal, declaration.parse(text), observedAt, poller.source());
        observe(observed, had);
        if (reading.failure() != null) {
            failed(poller, reading.failure(), "; the signal reads " + text);
        } else {
            count(signal, "ok");
            String was = failing.remove(signal);
            if (was != null) {
                LOG.infof("Signal '%s' is read from %s again (%s)", signal, poller.source(), text);
            }
        }
    }

    /**
     * Puts a newer observation and its latches' next states into the snapshot at once. A polled
     * signal's latches live only in this replica's snapshot, written only by this poller's thread.
     */
    private void observe(Observation observed, Observation had) {
        if (had != null && had.observedAt().isAfter(observed.observedAt())) {
            return; // a clock that stepped back: the board keeps the newer one, and the latches stay as they are
        }
        List<Observation> next = new ArrayList<>(List.of(observed));
        List<String> switched = new ArrayList<>();
        for (SignalLatch latch : latches.getOrDefault(observed.name(), List.of())) {
            SignalLatch.Step step = latch.next(board.snapshot().get(latch.name()), observed);
            next.add(step.latch());
            if (step.switched()) {
                switched.add(latch.name());
            }
        }
        board.observeAll(next);
        switched.forEach(switches::count);
    }

    private void failed(SignalPoller poller, String why, String consequence) {
        count(poller.signal(), "failed");
        if (failing.putIfAbsent(poller.signal(), why) == null) {
            LOG.warnf("Signal '%s' could not be read from %s: %s%s (logged once until it can be read again)", poller.signal(),
                    poller.source(), why, consequence);
        }
    }

    private void count(String signal, String result) {
        Counter.builder("arbiter.signal.polls").description("Polls of a signal's source, by result")
                .tag("signal", signal).tag("result", result).register(registry).increment();
    }

    private static String describe(Exception e) {
        Throwable t = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        if (t instanceof TimeoutException) {
            return "no answer in time";
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** Stops polling and closes the clients, quietly: a poll under way is interrupted. */
    @PreDestroy
    void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (SignalPoller p : pollers) {
            try {
                p.close();
            } catch (RuntimeException e) {
                LOG.debugf(e, "Closing the source of signal '%s'", p.signal());
            }
        }
    }
}

package io.arbiter.signals;

import io.arbiter.decision.SignalType;
import io.arbiter.decision.SignalDeclaration;
import io.arbiter.decision.Observation;
import io.arbiter.decision.SignalReadings;
import io.arbiter.decision.SignalSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * The declared signals and the snapshot of their latest values that decide reads. Reading is one
 * volatile load; writers (a push on this replica, the refresh from PostgreSQL, pollers) replace the
 * snapshot whole, and an observation never replaces a newer one of the same signal.
 */
@ApplicationScoped
public class SignalBoard {
    /** Names are what tables write between quotes: letters, digits, dots, dashes, underscores. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final Map<String, SignalDeclaration> declarations;
    private final AtomicReference<SignalSnapshot> current = new AtomicReference<>(SignalSnapshot.EMPTY);

    @Inject
    public SignalBoard(SignalsConfig config) {
        this(declarations(config));
    }

    /** A board of these declarations, as configuration would give them (the offline tools and benchmarks build one so). */
    public SignalBoard(Map<String, SignalDeclaration> declarations) {
        this.declarations = Collections.unmodifiableMap(new TreeMap<>(declarations));
    }

    /** Every declared signal, by name in order. */
    public Map<String, SignalDeclaration> declarations() {
        return declarations;
    }

    /** The declaration of {@code name}, or {@link UnknownSignalException}. */
    public SignalDeclaration declaration(String name) {
        SignalDeclaration d = declarations.get(name);
        if (d == null) {
            throw new UnknownSignalException(name, declarations.keySet());
        }
        return d;
    }

    public SignalSnapshot snapshot() {
        return current.get();
    }

    /**
     * What a decision stamped at {@code at} reads of the signals {@code names} (a revision's, sorted):
     * one snapshot, each reading stale or fresh by its contract then. Free for a rule set testing none.
     *
     * <p>Readings change only with the snapshot or at instants they know ({@link SignalReadings#unchangedUntil()}),
     * so the last ones are handed again to every decision of the same revision stamped before then:
     * the same values, staleness and reasons a fresh read would give, without reading or wording them
     * again. One entry: the active revision decides almost everything.
     */
    public SignalReadings readings(List<String> names, Instant at) {
        if (names.isEmpty()) {
            return SignalReadings.NONE;
        }
        SignalSnapshot snapshot = current.get();
        LastRead last = this.last;
        if (last != null && last.names == names && last.snapshot == snapshot
                && !at.isBefore(last.readings.at()) && at.isBefore(last.readings.unchangedUntil())) {
            return last.readings;
        }
        SignalReadings readings = SignalReadings.read(snapshot, declarations, names, at);
        this.last = new LastRead(names, snapshot, readings);
        return readings;
    }

    /** The last readings handed out, and what they were read from. */
    private record LastRead(List<String> names, SignalSnapshot snapshot, SignalReadings readings) {
    }

    private volatile LastRead last;

    /** Takes {@code observation} unless the snapshot already holds a newer one of its signal; the signal's value now. */
    public Observation observe(Observation observation) {
        return observeAll(List.of(observation)).get(observation.name());
    }

    /** {@link #observe} for each of {@code observations}, replacing the snapshot once; the snapshot now. */
    public SignalSnapshot observeAll(List<Observation> observations) {
        return current.updateAndGet(s -> {
            Map<String, Observation> next = new HashMap<>(s.observations());
            for (Observation o : observations) {
                Observation had = next.get(o.name());
                if (had == null || !had.observedAt().isAfter(o.observedAt())) {
                    next.put(o.name(), o);
                }
            }
            return new SignalSnapshot(next);
        });
    }

    /** The declarations configured, checked: a mistake stops the service at start with every problem named. */
    static Map<String, SignalDeclaration> declarations(SignalsConfig config) {
        Map<String, SignalDeclaration> out = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        config.declared().forEach((name, d) -> {
            String key = "arbiter.signals.declared.\"" + name + "\"";
            if (!NAME.matcher(name).matches()) {
                problems.add(key + ": a signal name is letters, digits, '.', '-' and '_' (at most 100), starting with a letter or digit");
            }
            List<String> levels = d.levels().orElse(List.of());
            if (d.type() == SignalType.LEVEL) {
                if (levels.size() < 2 || new HashSet<>(levels).size() != levels.size() || levels.stream().anyMatch(String::isBlank)) {
                    problems.add(key + ".levels: a LEVEL signal needs at least two distinct levels, in rising order (e.g. LOW,MEDIUM,HIGH)");
                }
            } else if (!levels.isEmpty()) {
                problems.add(key + ".levels: only a LEVEL signal has levels; this one is " + d.type());
            }
            if (d.maxAge().isNegative() || d.maxAge().isZero()) {
                problems.add(key + ".max-age: must be positive");
            }
            out.put(name, new SignalDeclaration(name, d.type(), levels, d.maxAge()));
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Signal declarations are wrong: " + String.join("; ", problems));
        }
        return out;
    }
}

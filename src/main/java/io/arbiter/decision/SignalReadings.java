package io.arbiter.decision;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The signals one decision read, in the order of a revision's sorted signal names, so that its
 * {@link SignalCondition}s read each by its place. Immutable; the reasons are worded on first use.
 *
 * <p>{@link #read} also says until when the same read would give the same readings and reasons
 * ({@link #unchangedUntil()}): a reading turns stale, or an age shown in whole seconds ticks, at a
 * known instant, and nothing else changes while the snapshot is the same — which lets the board
 * hand one object to every decision of that stretch.
 */
public final class SignalReadings {
    /** A revision testing no signal reads none. */
    public static final SignalReadings NONE = new SignalReadings(List.of(), new SignalReading[0], Instant.EPOCH, Instant.MAX);

    private final List<String> names;
    private final SignalReading[] readings;
    private final Instant at;
    private final Instant unchangedUntil;
    private final Map<String, SignalReading> byName;
    /** Each reading's reason, worded when a decision first names it (a benign race: any thread words the same text). */
    private final String[] reasons;

    private SignalReadings(List<String> names, SignalReading[] readings, Instant at, Instant unchangedUntil) {
        this.names = names;
        this.readings = readings;
        this.at = at;
        this.unchangedUntil = unchangedUntil;
        Map<String, SignalReading> map = new TreeMap<>();
        for (SignalReading r : readings) {
            map.put(r.name(), r);
        }
        this.byName = Collections.unmodifiableMap(map);
        this.reasons = new String[readings.length];
    }

    /**
     * What a decision made at {@code at} reads of each of {@code names} (sorted) from one snapshot:
     * missing or undeclared ones are stale, never absent.
     */
    public static SignalReadings read(SignalSnapshot snapshot, Map<String, SignalDeclaration> declarations, List<String> names,
                                      Instant at) {
        if (names.isEmpty()) {
            return NONE;
        }
        SignalReading[] readings = new SignalReading[names.size()];
        Instant until = Instant.MAX;
        for (int i = 0; i < readings.length; i++) {
            String name = names.get(i);
            Observation o = snapshot.get(name);
            SignalDeclaration declaration = declarations.get(name);
            if (o == null || declaration == null) {
                readings[i] = new SignalReading(name, null, null, true);
                continue;
            }
            boolean stale = o.staleAt(at, declaration.maxAge());
            readings[i] = new SignalReading(name, o.value(), o.observedAt(), stale);
            // The age the reason shows ticks a whole second after observation; the reading turns stale just past maxAge.
            Instant tick = o.observedAt().plusSeconds(o.ageAt(at).getSeconds() + 1);
            until = min(until, tick);
            if (!stale) {
                until = min(until, o.observedAt().plus(declaration.maxAge()).plusNanos(1));
            }
        }
        return new SignalReadings(names, readings, at, until);
    }

    /** Recorded (or assumed) readings by name, placed as {@code names} (sorted) orders them; missing ones never observed. */
    public static SignalReadings of(List<String> names, Map<String, SignalReading> byName, Instant at) {
        if (names.isEmpty()) {
            return NONE;
        }
        SignalReading[] readings = new SignalReading[names.size()];
        for (int i = 0; i < readings.length; i++) {
            SignalReading r = byName.get(names.get(i));
            readings[i] = r != null ? r : new SignalReading(names.get(i), null, null, true);
        }
        return new SignalReadings(names, readings, at, at);
    }

    public int size() {
        return readings.length;
    }

    public SignalReading get(int place) {
        return readings[place];
    }

    /** The readings by name: what the decision records. */
    public Map<String, SignalReading> byName() {
        return byName;
    }

    /** When they were read. */
    public Instant at() {
        return at;
    }

    /** Until when (exclusive) a read of the same snapshot gives the same readings and reasons. */
    public Instant unchangedUntil() {
        return unchangedUntil;
    }

    /** The reason naming the signal at {@code place}: {@link SignalReading#reason}, at {@link #at()}. */
    public String reason(int place) {
        String reason = reasons[place];
        if (reason == null) {
            reason = readings[place].reason(at);
            reasons[place] = reason;
        }
        return reason;
    }

    /** Reads the same signals as {@code names}, in the same order — the readings a revision's conditions were bound to. */
    public boolean readFor(List<String> names) {
        return this.names == names || this.names.equals(names);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    @Override
    public String toString() {
        return "SignalReadings" + byName.values() + " at " + at;
    }
}

package io.arbiter.simulation;

import io.arbiter.decision.Command;
import io.arbiter.decision.RoutingResult;
import io.arbiter.decision.SignalReading;
import io.arbiter.ruleset.CompiledRuleSet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Replays a history against a candidate revision, deterministically: each command is evaluated as
 * of its recorded decision time (effective/expiry dates) with its recorded bucket (rollouts) and
 * the signals it recorded — never today's. A signal the record does not hold (the decision's
 * revision did not test it) reads as never observed, so it satisfies no condition on its value.
 * {@link Options#assumedSignals} replace recorded signals for a "what if": each replayed decision
 * reads those values, fresh, as if observed at its own time.
 *
 * <p>The baseline is what each audit record says was decided, or — when {@code baseline} is given —
 * another revision evaluated side by side (needed for bare envelopes, which record nothing).
 *
 * <p>With several threads, one thread reads lines and cuts them into chunks, the others parse and
 * evaluate a chunk each into a report of its own, and the chunk reports are merged in input
 * order — so the report is identical to a single-threaded run, examples included, and memory
 * holds a bounded number of chunks whatever the history's length.
 */
public final class Replayer {
    /** How often progress is reported, in records. */
    static final long PROGRESS_EVERY = 10_000;
    /** Records per chunk: at most {@link ReportBuilder#MAX_VALUES_PER_DIMENSION}, which merging exactly relies on. */
    static final int CHUNK = 1000;

    private Replayer() {
    }

    /**
     * @param threads        threads that parse and evaluate (1: all on the calling thread)
     * @param assumedSignals values (as decide compares them) that replace the recorded ones, by name; empty: none
     */
    public record Options(int examples, LongConsumer progress, BooleanSupplier cancelled, int threads,
                          Map<String, Object> assumedSignals) {
        public Options {
            assumedSignals = Map.copyOf(assumedSignals);
        }

        public static Options defaults() {
            return new Options(5, n -> { }, () -> false, 1, Map.of());
        }
    }

    public static SimulationReport run(HistoryReader history, CompiledRuleSet candidate, String candidateName,
                                       CompiledRuleSet baseline, Options options) {
        if (options.threads() <= 1) {
            return run((Iterator<HistoryReader.Line>) history, candidate, candidateName, baseline, options);
        }
        ReportBuilder report = builder(candidate, candidateName, baseline, options);
        ExecutorService workers = Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "replay");
            t.setDaemon(true);
            return t;
        });
        Deque<Future<ReportBuilder>> inFlight = new ArrayDeque<>();
        long[] seen = {0};
        try {
            List<HistoryReader.RawLine> chunk = new ArrayList<>(CHUNK);
            for (HistoryReader.RawLine raw = history.nextRaw(); ; raw = history.nextRaw()) {
                if (options.cancelled().getAsBoolean()) {
                    throw new SimulationCancelledException(seen[0]);
                }
                if (raw != null) {
                    chunk.add(raw);
                }
                if (chunk.size() == CHUNK || (raw == null && !chunk.isEmpty())) {
                    List<HistoryReader.RawLine> work = chunk;
                    chunk = new ArrayList<>(CHUNK);
                    inFlight.add(workers.submit(() -> {
                        ReportBuilder part = builder(candidate, candidateName, baseline, options);
                        for (HistoryReader.RawLine line : work) {
                            replay(history.parse(line), candidate, baseline, options.assumedSignals(), part);
                        }
                        return part;
                    }));
                    // Two chunks per thread in flight: enough to keep every thread busy, and a bound on memory.
                    if (inFlight.size() >= 2 * options.threads()) {
                        mergeNext(inFlight, report, seen, options);
                    }
                }
                if (raw == null) {
                    break;
                }
            }
            while (!inFlight.isEmpty()) {
                mergeNext(inFlight, report, seen, options);
            }
        } finally {
            inFlight.forEach(f -> f.cancel(true));
            workers.shutdownNow();
        }
        options.progress().accept(seen[0]);
        return report.build();
    }

    private static void mergeNext(Deque<Future<ReportBuilder>> inFlight, ReportBuilder report, long[] seen, Options options) {
        ReportBuilder part;
        try {
            part = inFlight.poll().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulationCancelledException(seen[0]);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        long before = seen[0];
        report.merge(part);
        seen[0] += part.records();
        if (seen[0] / PROGRESS_EVERY > before / PROGRESS_EVERY) {
            options.progress().accept(seen[0]);
        }
    }

    private static ReportBuilder builder(CompiledRuleSet candidate, String candidateName, CompiledRuleSet baseline, Options options) {
        return new ReportBuilder(candidateName, baseline == null ? "recorded decisions" : "revision " + baseline.revision(),
                options.examples(), candidate.rows(), options.assumedSignals());
    }

    /** Single-threaded: every line parsed and evaluated on the calling thread. */
    public static SimulationReport run(Iterator<HistoryReader.Line> history, CompiledRuleSet candidate, String candidateName,
                                       CompiledRuleSet baseline, Options options) {
        ReportBuilder report = builder(candidate, candidateName, baseline, options);
        long seen = 0;
        while (history.hasNext()) {
            if (options.cancelled().getAsBoolean()) {
                throw new SimulationCancelledException(seen);
            }
            HistoryReader.Line line = history.next();
            if (++seen % PROGRESS_EVERY == 0) {
                options.progress().accept(seen);
            }
            replay(line, candidate, baseline, options.assumedSignals(), report);
        }
        options.progress().accept(seen);
        return report.build();
    }

    private static void replay(HistoryReader.Line line, CompiledRuleSet candidate, CompiledRuleSet baseline,
                               Map<String, Object> assumed, ReportBuilder report) {
        if (line.record() == null) {
            report.error(line.error());
            return;
        }
        ReplayRecord record = line.record();
        try {
            Command command = new Command(record.envelope(), record.bucket());
            Map<String, SignalReading> signals = signals(record, assumed);
            RoutingResult after = candidate.evaluate(command, candidate.readings(signals, record.decidedAt()), record.decidedAt());
            RoutingResult before;
            if (baseline != null) {
                before = baseline.evaluate(command, baseline.readings(signals, record.decidedAt()), record.decidedAt());
            } else if (record.recorded() != null) {
                before = record.recorded();
            } else {
                report.error("line " + line.number() + ": a bare envelope has no recorded decision; give a baseline revision");
                return;
            }
            // Under assumed signals a change is the "what if" at work, not noise.
            boolean candidateMadeIt = baseline == null && assumed.isEmpty() && record.revision() != null
                    && record.revision() == candidate.revision();
            report.add(record, before, after, candidateMadeIt);
        } catch (RuntimeException e) {
            report.error("line " + line.number() + ": " + e.getMessage());
        }
    }

    /** The record's signals, with the assumed ones in their place. */
    private static Map<String, SignalReading> signals(ReplayRecord record, Map<String, Object> assumed) {
        if (assumed.isEmpty()) {
            return record.signals();
        }
        Map<String, SignalReading> signals = new TreeMap<>(record.signals());
        assumed.forEach((name, value) -> signals.put(name, SignalReading.assumed(name, value, record.decidedAt())));
        return signals;
    }
}

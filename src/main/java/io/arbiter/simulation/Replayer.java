package io.arbiter.simulation;

import io.arbiter.decision.Command;
import io.arbiter.decision.RoutingResult;
import io.arbiter.ruleset.CompiledRuleSet;

import java.util.Iterator;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Replays a history against a candidate revision, deterministically: each command is evaluated as
 * of its recorded decision time (effective/expiry dates) with its recorded bucket (rollouts).
 *
 * <p>The baseline is what each audit record says was decided, or — when {@code baseline} is given —
 * another revision evaluated side by side (needed for bare envelopes, which record nothing).
 */
public final class Replayer {
    /** How often progress is reported, in records. */
    static final long PROGRESS_EVERY = 10_000;


    private Replayer() {
    }

    public record Options(int examples, LongConsumer progress, BooleanSupplier cancelled) {
        public static Options defaults() {
            return new Options(5, n -> { }, () -> false);
        }
    }

    public static SimulationReport run(Iterator<HistoryReader.Line> history, CompiledRuleSet candidate, String candidateName,
                                       CompiledRuleSet baseline, Options options) {
        ReportBuilder report = new ReportBuilder(candidateName,
                baseline == null ? "recorded decisions" : "revision " + baseline.revision(), options.examples(), candidate.rows());
        long seen = 0;
        while (history.hasNext()) {
            if (options.cancelled().getAsBoolean()) {
                throw new SimulationCancelledException(seen);
            }
            HistoryReader.Line line = history.next();
            if (++seen % PROGRESS_EVERY == 0) {
                options.progress().accept(seen);
            }
            replay(line, candidate, baseline, report);
        }
        options.progress().accept(seen);
        return report.build();
    }

    private static void replay(HistoryReader.Line line, CompiledRuleSet candidate, CompiledRuleSet baseline, ReportBuilder report) {
        if (line.record() == null) {
            report.error(line.error());
            return;
        }
        ReplayRecord record = line.record();
        try {
            Command command = new Command(record.envelope(), record.bucket());
            RoutingResult after = candidate.evaluate(command, record.decidedAt());
            RoutingResult before;
            if (baseline != null) {
                before = baseline.evaluate(command, record.decidedAt());
            } else if (record.recorded() != null) {
                before = record.recorded();
            } else {
                report.error("line " + line.number() + ": a bare envelope has no recorded decision; give a baseline revision");
                return;
            }
            boolean candidateMadeIt = baseline == null && record.revision() != null && record.revision() == candidate.revision();
            report.add(record, before, after, candidateMadeIt);
        } catch (RuntimeException e) {
            report.error("line " + line.number() + ": " + e.getMessage());
        }
    }
}

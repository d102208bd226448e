package io.arbiter.simulation;

import io.arbiter.decision.Bucket;
import io.arbiter.decision.Command;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.Decision;
import io.arbiter.decision.RoutingResult;
import io.arbiter.decision.SignalDeclaration;
import io.arbiter.decision.SignalReading;
import io.arbiter.decision.SignalType;
import io.arbiter.routing.DecisionRecordJson;
import io.arbiter.routing.DecisionRecordV1;
import io.arbiter.routing.RequestInfo;
import io.arbiter.ruleset.CompiledRuleSet;
import io.arbiter.ruleset.RuleSetCompiler;
import io.arbiter.ruleset.RuleSetFile;
import io.arbiter.tracing.TraceParent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Decisions made under changing signals replay exactly: each with the signals it recorded, so a
 * revision replayed over its own decisions changes none of them (noise 0); a candidate with another
 * threshold moves exactly the decisions whose recorded lag lies between the two; and a "what if"
 * replaces the recorded values for every decision, reported as such.
 */
class SignalReplayTest {
    static final Map<String, SignalDeclaration> SIGNALS = Map.of(
            "lag", new SignalDeclaration("lag", SignalType.NUMBER, List.of(), Duration.ofMinutes(2)));
    static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    static CompiledRuleSet revision1;
    static CompiledRuleSet lowerThreshold;
    /** 200 decisions of revision 1: lag rising 0, 50, 100, … 9,950; every tenth one stale. */
    static String history;

    static final String ADAPTIVE_5000 = table(5000);

    static String table(int threshold) {
        return "RuleSet,x\n,\nRuleTable Adaptive\nNAME,CONDITION,CONDITION,ACTION,ACTION\n,c: Command...,c: Command...,,\n"
                + ",\"type == \"\"$param\"\"\",\"signal(\"\"lag\"\") < $param\",\"route.owner(\"\"$param\"\");\",\"route.implementation(\"\"$param\"\");\"\n"
                + "Rule,Type,Lag below,Owner,Implementation\n"
                + "New while the planner keeps up,PlaceOrder," + threshold + ",orders,new\n"
                + "Otherwise legacy,PlaceOrder,,orders,legacy\n";
    }

    static CompiledRuleSet adaptive(int revision, int threshold) {
        return new RuleSetCompiler(SIGNALS).compile(revision, List.of(new RuleSetFile("10-adaptive.drl.csv",
                table(threshold).getBytes(StandardCharsets.UTF_8))));
    }

    @BeforeAll
    static void decideUnderChangingSignals() {
        revision1 = adaptive(1, 5000);
        lowerThreshold = adaptive(2, 3000);
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            Instant at = T0.plusSeconds(i);
            CommandEnvelope e = new CommandEnvelope("c-" + i, "PlaceOrder", "order-" + i, null, "EU", "web", null, null, null,
                    Map.of(), null, null, null);
            SignalReading lag = new SignalReading("lag", BigDecimal.valueOf(50L * i), at.minusSeconds(i % 10 == 0 ? 600 : 3),
                    i % 10 == 0);
            Map<String, SignalReading> readings = Map.of("lag", lag);
            RoutingResult result = revision1.evaluate(new Command(e, Bucket.of(e.bucketKey())), revision1.readings(readings, at), at);
            Decision d = new Decision(UUID.randomUUID(), e, Bucket.of(e.bucketKey()), 1, readings, at, result, 1000);
            lines.append(DecisionRecordJson.render(DecisionRecordV1.of(d, new RequestInfo("t", null, null, null, null, null, TraceParent.NONE))).record())
                    .append('\n');
        }
        history = lines.toString();
    }

    static SimulationReport replay(CompiledRuleSet candidate, Map<String, Object> assumed) {
        return Replayer.run(new HistoryReader(new BufferedReader(new StringReader(history)), T0), candidate, "candidate", null,
                new Replayer.Options(5, n -> { }, () -> false, 1, assumed));
    }

    @Test
    void aRevisionReplayedOverItsOwnDecisionsUnderChangingSignalsChangesNone() {
        SimulationReport r = replay(revision1, Map.of());
        assertEquals(200, r.replayed());
        assertEquals(0, r.changed());
        assertEquals(0, r.noise());
        assertEquals(0, r.errors());
    }

    @Test
    void aLowerThresholdMovesExactlyTheDecisionsWhoseRecordedLagLayBetweenTheTwo() {
        SimulationReport r = replay(lowerThreshold, Map.of());
        // Fresh lag in [3000, 5000): i = 60…99 but not the stale tenth ones (60, 70, 80, 90) — 36 decisions new → legacy.
        assertEquals(36, r.changed());
        assertEquals(36L, r.changesByKind().get("implementation"));
        assertEquals(null, r.assumedSignals());
    }

    @Test
    void aWhatIfReplacesEveryRecordedValueAndSaysSo() {
        SimulationReport r = replay(revision1, Map.of("lag", new BigDecimal("10000")));
        // Every fresh decision below 5,000 went new (i = 0…99 less the ten stale ones): 90 move to legacy. The stale ones
        // read the assumed value too, fresh, and stay legacy. Not noise: the what-if is at work.
        assertEquals(90, r.changed());
        assertEquals(0, r.noise());
        assertEquals(Map.of("lag", "10000"), r.assumedSignals());
        assertEquals(true, ReportText.render(r).contains("What if — every decision replayed with these signals instead of its"
                + " recorded ones: lag = 10000"), ReportText.render(r));
    }

    @Test
    void theCommandLineAsksTheSameWhatIfWithoutTheServicesDeclarations(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path rules = java.nio.file.Files.createDirectories(dir.resolve("rules"));
        java.nio.file.Files.write(rules.resolve("10-adaptive.drl.csv"), ADAPTIVE_5000.getBytes(StandardCharsets.UTF_8));
        java.nio.file.Path historyFile = java.nio.file.Files.writeString(dir.resolve("history.jsonl"), history);
        java.nio.file.Path json = dir.resolve("report.json");
        var out = new java.io.ByteArrayOutputStream();
        int exit = SimulatorCli.run(new String[] {"--history", historyFile.toString(), "--rules", rules.toString(), "--as-revision", "1",
                "--assume-signal", "lag=10000", "--json", json.toString(), "--threads", "1"}, new java.io.PrintStream(out), System.err);
        assertEquals(0, exit, out.toString());
        SimulationReport r = SimulationReport.fromJson(java.nio.file.Files.readString(json));
        assertEquals(90, r.changed());
        assertEquals(Map.of("lag", "10000"), r.assumedSignals());
        assertEquals(true, out.toString().contains("lag = 10000"), out.toString());
        assertEquals(0, SimulatorCli.run(new String[] {"--history", historyFile.toString(), "--rules", rules.toString(),
                "--as-revision", "1", "--threads", "1"}, new java.io.PrintStream(new java.io.ByteArrayOutputStream()), System.err));
        assertEquals(2, SimulatorCli.run(new String[] {"--history", historyFile.toString(), "--rules", rules.toString(),
                "--assume-signal", "lag"}, new java.io.PrintStream(new java.io.ByteArrayOutputStream()),
                new java.io.PrintStream(new java.io.ByteArrayOutputStream())));
    }
}

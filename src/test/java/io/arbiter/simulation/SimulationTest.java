package io.arbiter.simulation;

import io.arbiter.ruleset.TestSignals;
import io.arbiter.decision.Command;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.RoutingResult;
import io.arbiter.ruleset.CompiledRuleSet;
import io.arbiter.ruleset.RuleSetCompiler;
import io.arbiter.ruleset.RuleSetFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulationTest {
    static final Path SCENARIO = Path.of("simulator/scenarios/eu-web-rollout-10-to-30");

    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SimulatorCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static CompiledRuleSet compile(int revision, Path dir) throws IOException {
        return SimulatorCli.compile(List.of(dir), revision, System.err);
    }

    static SimulationReport replay(Path history, CompiledRuleSet candidate, CompiledRuleSet baseline) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(history)) {
            return Replayer.run(new HistoryReader(in, Instant.parse("2026-11-22T00:00:00Z")), candidate, "candidate", baseline,
                    Replayer.Options.defaults());
        }
    }

    @Test
    void theRolloutScenarioProducesItsExpectedReportAndGatesOnTheChangedShare() throws IOException {
        String[] args = {"--history", SCENARIO.resolve("history.jsonl").toString(), "--rules", SCENARIO.resolve("after").toString(),
                "--examples", "3", "--max-changed", "20"};
        Run pass = cli(args);
        assertEquals(0, pass.exit(), pass.err());
        assertEquals(Files.readString(SCENARIO.resolve("expected-report.txt")), pass.out());

        Run fail = cli("--history", SCENARIO.resolve("history.jsonl").toString(), "--rules", SCENARIO.resolve("after").toString(),
                "--max-changed", "1");
        assertEquals(1, fail.exit());
        assertTrue(fail.err().contains("GATE FAILED: 1.7 % of decisions change"), fail.err());
    }

    @Test
    void replayingTheRevisionThatMadeTheDecisionsReproducesAllOfThem(@TempDir Path dir) throws IOException {
        CompiledRuleSet bundled = compile(7, Path.of("decision-tables"));
        CompiledRuleSet bundledWithRules = SimulatorCli.compile(List.of(Path.of("decision-tables"), Path.of("rules")), 7, System.err);
        // 60 days across the pilot row's start (2026-01-15): effective dates and rollout buckets both matter.
        Path history = dir.resolve("history.jsonl");
        ScenarioHistory.write(history, bundledWithRules, 7, 3000, Instant.parse("2025-12-20T00:00:00Z"), 60);
        SimulationReport self = replay(history, bundledWithRules, null);
        assertEquals(3000, self.replayed());
        assertEquals(0, self.changed());
        assertEquals(0, self.noise());
        assertEquals(0, self.errors());
        // The same history against tables that lack the DRL file is not revision 7: its differences are noise.
        SimulationReport impostor = replay(history, bundled, null);
        assertTrue(impostor.changed() > 0);
        assertEquals(impostor.changed(), impostor.noise());
    }

    @Test
    void theReportCountsEveryKindOfChangeOnAHandComputedHistory(@TempDir Path dir) throws IOException {
        // Baseline: PlaceOrder → orders (legacy, DIRECT); CancelOrder → orders; Refund → billing (ORCHESTRATED).
        CompiledRuleSet before = tables(1, """
                Orders,PlaceOrder,orders,legacy,DIRECT
                Cancels,CancelOrder,orders,legacy,DIRECT
                Refunds,IssueRefund,billing,legacy,ORCHESTRATED
                """, null);
        // Candidate: PlaceOrder moves to checkout on new ASYNC; CancelOrder row removed (NO_OWNER);
        // refunds unchanged; a second table claims refunds for finance (AMBIGUOUS) only in the EU.
        CompiledRuleSet after = tables(2, """
                Orders,PlaceOrder,checkout,new,ASYNC
                Refunds,IssueRefund,billing,legacy,ORCHESTRATED
                Never used,ArchiveOrder,archive,new,DIRECT
                """, "Finance refunds,IssueRefund,finance,,");
        Path history = dir.resolve("history.jsonl");
        String[][] commands = {{"PlaceOrder", "US"}, {"PlaceOrder", "EU"}, {"CancelOrder", "US"}, {"IssueRefund", "US"},
                {"IssueRefund", "US"}, {"UpdateOrderStatus", "US"}};
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < commands.length; i++) {
            CommandEnvelope e = new CommandEnvelope("c" + i, commands[i][0], "k" + i, "acme", commands[i][1], "web", null, null,
                    null, Map.of(), null, null, null);
            lines.append(line("d" + i, e, before.evaluate(Command.of(e), Instant.parse("2026-11-01T00:00:00Z")))).append('\n');
        }
        Files.writeString(history, lines);
        SimulationReport r = replay(history, after, null);
        assertEquals(6, r.replayed());
        assertEquals(5, r.changed()); // all but UpdateOrderStatus (NO_OWNER before and after)
        assertEquals(1, r.unchanged());
        assertEquals(Map.of("owner", 5L, "implementation", 5L, "mode", 5L, "acceptance", 5L, "translation", 0L,
                "failureContract", 3L, "destination", 0L, "outcome", 3L), r.changesByKind());
        assertEquals(List.of("d0", "d1", "d2", "d3", "d4"), r.examplesByKind().get("owner"));
        assertEquals(1, r.newNoOwner());
        assertEquals(List.of("d2"), r.newNoOwnerExamples());
        assertEquals(2, r.newAmbiguous());
        assertEquals(List.of(
                new SimulationReport.Transition("(NO_OWNER)", "(NO_OWNER)", 1, List.of()),
                new SimulationReport.Transition("billing", "(AMBIGUOUS)", 2, List.of("d3", "d4")),
                new SimulationReport.Transition("orders", "(NO_OWNER)", 1, List.of("d2")),
                new SimulationReport.Transition("orders", "checkout", 2, List.of("d0", "d1"))), r.ownerTransitions());
        assertEquals(new SimulationReport.Counts(2, 2), r.breakdown().get("type").get("PlaceOrder"));
        assertEquals(new SimulationReport.Counts(1, 1), r.breakdown().get("market").get("EU"));
        assertEquals(List.of("Never used"), r.deadRows());
        assertEquals(List.of("Orders", "Refunds", "Finance refunds"), r.rowsHit().stream().map(SimulationReport.RowHits::rule).toList());
        assertEquals(2, r.rowsHit().get(1).hits());
        assertEquals(new SimulationReport.RowHits("Refunds", "Owners", "10-owners.drl.csv", null, 9, 2), r.rowsHit().get(1));
        assertEquals(List.of(new SimulationReport.RowAt("Never used", "Owners", "10-owners.drl.csv", null, 10)), r.deadRowsAt());
    }

    @Test
    void aReportStoredBeforeDeadRowsWereLocatedStillReadsAndPrints() {
        // As the service stored reports before deadRowsAt and the rows' sheet: dead rows by name only.
        String stored = """
                {"candidate":"revision 2","baseline":"recorded decisions","replayed":3,"unchanged":0,"changed":3,"errors":0,"noise":0,
                 "changesByKind":{"owner":3},"examplesByKind":{"owner":["d1"]},"breakdown":{"type":{"ArchiveOrder":{"replayed":3,"changed":3}}},
                 "ownerTransitions":[{"from":"(NO_OWNER)","to":"archive-desk","count":3,"examples":["d1"]}],
                 "newNoOwner":0,"newAmbiguous":0,"newNoOwnerExamples":[],"newAmbiguousExamples":[],
                 "rowsHit":[{"rule":"Archive desk owns archiving","table":"Archive ownership","file":"50-archive.drl.csv","row":8,"hits":3}],
                 "deadRows":["Inventory owns stock reservations"],"errorSamples":[]}
                """;
        SimulationReport r = SimulationReport.fromJson(stored);
        assertEquals(List.of("Inventory owns stock reservations"), r.deadRows());
        assertNull(r.deadRowsAt());
        assertEquals(new SimulationReport.RowHits("Archive desk owns archiving", "Archive ownership", "50-archive.drl.csv", null, 8, 3),
                r.rowsHit().get(0));
        String text = ReportText.render(r);
        assertTrue(text.contains("         3  Archive desk owns archiving (Archive ownership row 8)"), text);
        assertTrue(text.contains("Dead rows (decided nothing in this history)\n  Inventory owns stock reservations\n"), text);
    }

    @Test
    void bareEnvelopesAreComparedAgainstABaselineRevision(@TempDir Path dir) throws IOException {
        Path envelopes = dir.resolve("envelopes.jsonl");
        StringBuilder sb = new StringBuilder();
        try (BufferedReader in = Files.newBufferedReader(SCENARIO.resolve("history.jsonl"))) {
            String line;
            while ((line = in.readLine()) != null) {
                String input = HistoryReader.JSON.readTree(line).get("input").toString();
                String timestamp = HistoryReader.JSON.readTree(line).get("timestamp").asText();
                sb.append(input.replace("\"issuedAt\":null", "\"issuedAt\":\"" + timestamp + "\"")).append('\n');
            }
        }
        Files.writeString(envelopes, sb);
        Run run = cli("--history", envelopes.toString(), "--rules", SCENARIO.resolve("after").toString(),
                "--baseline-rules", SCENARIO.resolve("before").toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("Replayed 1,000   unchanged 983   changed 17 (1.7 %)   errors 0"), run.out());
        // Without a baseline, envelopes cannot be compared: each is reported as an error.
        SimulationReport noBaseline = replay(envelopes, compile(0, SCENARIO.resolve("after")), null);
        assertEquals(1000, noBaseline.errors());
    }

    @Test
    void unreadableLinesAreCountedWithTheirLineNumber() {
        String history = "{\"commandId\":\"a\",\"type\":\"PlaceOrder\"}\nnot json\n\n{\"type\":\"PlaceOrder\"}\n";
        HistoryReader reader = new HistoryReader(new BufferedReader(new StringReader(history)), Instant.now());
        List<HistoryReader.Line> lines = new java.util.ArrayList<>();
        reader.forEachRemaining(lines::add);
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).error().startsWith("line 2: "), lines.get(1).error());
        assertEquals("line 4: commandId and type are required", lines.get(2).error());
    }

    @Test
    void theCliExplainsWhatItCannotRun(@TempDir Path dir) throws IOException {
        assertEquals(2, cli().exit());
        assertEquals(2, cli("--history", "x.jsonl", "--rules", "decision-tables", "--bogus").exit());
        assertEquals(2, cli("--history", dir.resolve("missing.jsonl").toString(), "--rules", "decision-tables").exit());
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        Files.writeString(broken.resolve("10-modes.drl.csv"), "RuleSet,x\n,\nRuleTable M\nNAME,CONDITION,ACTION\n,c: Command,\n"
                + ",\"type == \"\"$param\"\"\",\"route.mode(\"\"$param\"\");\"\nRule,Type,Mode\nr,PlaceOrder,SIDEWAYS\n");
        Run run = cli("--history", SCENARIO.resolve("history.jsonl").toString(), "--rules", broken.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("10-modes.drl.csv row 8 column C: 'SIDEWAYS' is not a mode"), run.err());
    }

    @Test
    void aRuleSetThatLosesOwnersFailsTheNoOwnerGate(@TempDir Path dir) throws IOException {
        Path candidate = dir.resolve("candidate");
        Files.createDirectories(candidate);
        for (String f : new String[] {"20-order-migration.drl.csv", "30-data-residency.drl.xlsx", "40-refund-controls.drl"}) {
            Files.copy(SCENARIO.resolve("after").resolve(f), candidate.resolve(f));
        }
        Files.writeString(candidate.resolve("10-ownership.drl.csv"), "RuleSet,x\n,\nRuleTable Owners\nNAME,CONDITION,ACTION\n"
                + ",c: Command,\n,\"type == \"\"$param\"\"\",\"route.owner(\"\"$param\"\");\"\nRule,Type,Owner\n"
                + "Orders only,PlaceOrder,order-management\n");
        Run run = cli("--history", SCENARIO.resolve("history.jsonl").toString(), "--rules", candidate.toString(), "--fail-on-no-owner",
                "--json", dir.resolve("report.json").toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().contains("decisions become NO_OWNER"), run.err());
        assertTrue(HistoryReader.JSON.readTree(dir.resolve("report.json").toFile()).get("newNoOwner").asLong() > 100);
    }

    @Test
    void aLongHistoryIsReplayedAsAStream() {
        int count = 300_000;
        Reader generated = new Reader() {
            int line;
            String pending = "";

            @Override
            public int read(char[] buf, int off, int len) {
                if (pending.isEmpty()) {
                    if (line == count) {
                        return -1;
                    }
                    pending = "{\"commandId\":\"c" + line + "\",\"type\":\"PlaceOrder\",\"businessKey\":\"k" + line
                            + "\",\"market\":\"EU\",\"channel\":\"web\",\"issuedAt\":\"2026-11-01T00:00:00Z\"}\n";
                    line++;
                }
                int n = Math.min(len, pending.length());
                pending.getChars(0, n, buf, off);
                pending = pending.substring(n);
                return n;
            }

            @Override
            public void close() {
            }
        };
        CompiledRuleSet candidate = TestSignals.compiler().compile(1, List.of(csvOwnership("Orders,PlaceOrder,orders,,")));
        long[] progress = {0};
        SimulationReport r = Replayer.run(new HistoryReader(new BufferedReader(generated), Instant.now()), candidate, "c",
                candidate, new Replayer.Options(1, n -> progress[0] = n, () -> false, 1, Map.of()));
        assertEquals(count, r.replayed());
        assertEquals(0, r.changed());
        assertEquals(count, progress[0]);
    }

    @Test
    void theReportIsTheSameByteForByteOnOneThreadOrSeveral() throws IOException {
        CompiledRuleSet before = SimulatorCli.compile(List.of(SCENARIO.resolve("before")), 1, System.err);
        CompiledRuleSet after = SimulatorCli.compile(List.of(SCENARIO.resolve("after")), 2, System.err);
        StringBuilder history = new StringBuilder();
        String[] markets = {"EU", "US", "UK"};
        String[] channels = {"web", "store", "marketplace"};
        for (int i = 0; i < 4500; i++) {
            if (i % 997 == 0) {
                history.append("not json ").append(i).append('\n');
            }
            // 1,500 tenants: past the per-dimension cap, so "(other)" must form exactly as in one pass.
            history.append("{\"commandId\":\"c").append(i).append("\",\"type\":\"").append(i % 5 == 0 ? "CancelOrder" : "PlaceOrder")
                    .append("\",\"businessKey\":\"order-").append(i).append("\",\"tenant\":\"t-").append(i % 1500)
                    .append("\",\"market\":\"").append(markets[i % 3]).append("\",\"channel\":\"").append(channels[(i / 3) % 3])
                    .append("\",\"issuedAt\":\"2026-11-01T00:00:00Z\"}\n");
        }
        var json = HistoryReader.JSON.copy().enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
        String one = null;
        for (int threads : new int[] {1, 2, 3}) {
            SimulationReport r = Replayer.run(new HistoryReader(new BufferedReader(new StringReader(history.toString())), Instant.now()),
                    after, "after", before, new Replayer.Options(3, n -> { }, () -> false, threads, Map.of()));
            assertEquals(4500, r.replayed());
            assertEquals(5, r.errors());
            assertTrue(r.changed() > 0 && r.breakdown().get("tenant").containsKey("(other)"), "the fixture exercises changes and the cap");
            String text = json.writeValueAsString(r);
            if (one == null) {
                one = text;
            } else {
                assertEquals(one, text, threads + " threads");
            }
        }
    }

    @Test
    void aRunCanBeCancelled() {
        CompiledRuleSet candidate = TestSignals.compiler().compile(1, List.of(csvOwnership("Orders,PlaceOrder,orders,,")));
        String history = "{\"commandId\":\"a\",\"type\":\"PlaceOrder\"}\n".repeat(10);
        org.junit.jupiter.api.Assertions.assertThrows(SimulationCancelledException.class, () -> Replayer.run(
                new HistoryReader(new BufferedReader(new StringReader(history)), Instant.now()), candidate, "c", candidate,
                new Replayer.Options(1, n -> { }, () -> true, 1, Map.of())));
    }

    static String line(String decisionId, CommandEnvelope e, RoutingResult r) throws IOException {
        Map<String, Object> result = ScenarioHistory.resultFields(r, Command.of(e).getBucket());
        return ScenarioHistory.JSON.writeValueAsString(Map.of("decision_id", decisionId, "timestamp", "2026-11-01T00:00:00Z",
                "revision", 1, "input", e, "result", result));
    }

    static RuleSetFile csvOwnership(String rows) {
        return new RuleSetFile("10-owners.drl.csv", ("RuleSet,x\n,\nRuleTable Owners\nNAME,CONDITION,ACTION,ACTION,ACTION\n"
                + ",c: Command,,,\n,\"type == \"\"$param\"\"\",\"route.owner(\"\"$param\"\");\",\"route.implementation(\"\"$param\"\");\","
                + "\"route.mode(\"\"$param\"\");\"\nRule,Type,Owner,Implementation,Mode\n" + rows + "\n").getBytes(StandardCharsets.UTF_8));
    }

    static CompiledRuleSet tables(int revision, String ownerRows, String secondTableRow) {
        List<RuleSetFile> files = new java.util.ArrayList<>(List.of(csvOwnership(ownerRows.strip())));
        if (secondTableRow != null) {
            files.add(new RuleSetFile("20-finance.drl.csv", ("RuleSet,y\n,\nRuleTable Finance\nNAME,CONDITION,CONDITION,ACTION\n"
                    + ",c: Command...,c: Command...,\n,\"type == \"\"$param\"\"\",\"market == \"\"$param\"\"\",\"route.owner(\"\"$param\"\");\"\n"
                    + "Rule,Type,Market,Owner\n" + secondTableRow.split(",")[0] + ",IssueRefund,US,finance\n").getBytes(StandardCharsets.UTF_8)));
        }
        return TestSignals.compiler().compile(revision, files);
    }
}

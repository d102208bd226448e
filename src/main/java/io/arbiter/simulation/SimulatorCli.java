package io.arbiter.simulation;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.arbiter.ruleset.CompiledRuleSet;
import io.arbiter.ruleset.RuleSetCompiler;
import io.arbiter.ruleset.RuleSetError;
import io.arbiter.ruleset.RuleSetFile;
import io.arbiter.ruleset.RuleSetRejectedException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The replay simulator on the command line, for gating policy changes in CI. See simulator/README.md.
 *
 * <p>Exit codes: 0 — the candidate passes the gate; 1 — it does not (changed share over
 * {@code --max-changed}, or a NO_OWNER with {@code --fail-on-no-owner}); 2 — the command could not
 * run (bad arguments, unreadable history, tables that do not compile — listed with their location).
 */
public final class SimulatorCli {
    static final String USAGE = """
            usage: arbiter-simulate --history FILE --rules DIR [--rules DIR]...
                                    [--baseline-rules DIR]... [--as-revision N] [--at INSTANT]
                                    [--json FILE] [--examples N] [--max-changed PERCENT] [--fail-on-no-owner]
                                    [--threads N] [--assume-signal NAME=VALUE]...
              --history          JSON Lines: the audit export (GET /v1/decisions/export) or bare command envelopes
              --rules            a directory of *.drl.xlsx|xls|csv tables and *.drl rules: the candidate (repeatable)
              --baseline-rules   compare against these tables evaluated side by side instead of the recorded decisions
              --as-revision      the candidate is this stored revision: decisions it made count as noise if they change
              --at               decision time for envelopes without issuedAt (default: now)
              --json             also write the report as JSON to FILE
              --examples         example decision ids per cell (default 5)
              --max-changed      fail (exit 1) when more than PERCENT of the decisions change
              --fail-on-no-owner fail (exit 1) when any decision becomes NO_OWNER
              --threads          threads that parse and evaluate (default: one per core); the report is the same for any N
              --assume-signal    what if: every decision reads this signal's VALUE (a number, true/false or a level),
                                 fresh, instead of the one it recorded (repeatable)
            """;

    private SimulatorCli() {
    }

    /**
     * {@code NAME=VALUE} of {@code --assume-signal}: without the service's declarations the value's
     * form says its type — a number, {@code true}/{@code false}, else a level's text.
     */
    static void assume(String option, Map<String, Object> assumed) {
        int eq = option.indexOf('=');
        if (eq < 1 || eq == option.length() - 1) {
            throw new IllegalArgumentException("--assume-signal takes NAME=VALUE, e.g. fulfillment-planner.lag=10000");
        }
        String name = option.substring(0, eq);
        String value = option.substring(eq + 1);
        Object typed;
        if (value.equals("true") || value.equals("false")) {
            typed = Boolean.valueOf(value);
        } else {
            try {
                typed = new java.math.BigDecimal(value);
            } catch (NumberFormatException e) {
                typed = value;
            }
        }
        if (assumed.put(name, typed) != null) {
            throw new IllegalArgumentException("--assume-signal " + name + " is given twice");
        }
    }

    public static void main(String[] args) {
        quietLogging();
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Warnings and errors only. Outside a started Quarkus application the JBoss LogManager (as
     * Quarkus' bootstrap configures it) enables every level, and Drools logs at TRACE and DEBUG
     * several times per evaluation: measured, a quarter of the replay's CPU went to building log
     * records nobody prints. Benchmarks that evaluate outside Quarkus call this too.
     */
    public static void quietLogging() {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Path history = null;
        List<Path> rules = new ArrayList<>();
        List<Path> baselineRules = new ArrayList<>();
        Integer asRevision = null;
        Instant at = Instant.now();
        Path json = null;
        int examples = 5;
        Double maxChanged = null;
        boolean failOnNoOwner = false;
        int threads = Runtime.getRuntime().availableProcessors();
        Map<String, Object> assumed = new TreeMap<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--history" -> history = Path.of(value(args, ++i));
                    case "--rules" -> rules.add(Path.of(value(args, ++i)));
                    case "--baseline-rules" -> baselineRules.add(Path.of(value(args, ++i)));
                    case "--as-revision" -> asRevision = Integer.parseInt(value(args, ++i));
                    case "--at" -> at = Instant.parse(value(args, ++i));
                    case "--json" -> json = Path.of(value(args, ++i));
                    case "--examples" -> examples = Integer.parseInt(value(args, ++i));
                    case "--max-changed" -> maxChanged = Double.parseDouble(value(args, ++i));
                    case "--fail-on-no-owner" -> failOnNoOwner = true;
                    case "--threads" -> threads = Math.max(1, Integer.parseInt(value(args, ++i)));
                    case "--assume-signal" -> assume(value(args, ++i), assumed);
                    case "--help", "-h" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (history == null || rules.isEmpty()) {
                throw new IllegalArgumentException("--history and --rules are required");
            }
        } catch (RuntimeException e) {
            err.println("arbiter-simulate: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        CompiledRuleSet candidate;
        CompiledRuleSet baseline = null;
        try {
            candidate = compile(rules, asRevision == null ? 0 : asRevision, err);
            if (!baselineRules.isEmpty()) {
                baseline = compile(baselineRules, -1, err);
            }
        } catch (RuleSetRejectedException e) {
            return 2;
        } catch (IOException e) {
            err.println("arbiter-simulate: " + e.getMessage());
            return 2;
        }
        SimulationReport report;
        long started = System.nanoTime();
        boolean console = System.console() != null;
        try (BufferedReader in = Files.newBufferedReader(history, StandardCharsets.UTF_8)) {
            report = Replayer.run(new HistoryReader(in, at), candidate,
                    String.join(" + ", rules.stream().map(Path::toString).toList())
                            + (asRevision == null ? "" : " (revision " + asRevision + ")"),
                    baseline, new Replayer.Options(examples, n -> {
                        double seconds = (System.nanoTime() - started) / 1e9;
                        err.printf(Locale.ROOT, "%sreplayed %,d records (%,.0f/s)%s", console ? "\r" : "", n, n / Math.max(seconds, 1e-9),
                                console ? "" : "\n");
                    }, () -> false, threads, assumed));
            if (console) {
                err.println();
            }
        } catch (IOException e) {
            err.println("arbiter-simulate: cannot read " + history + ": " + e.getMessage());
            return 2;
        }
        out.print(ReportText.render(report));
        if (json != null) {
            try {
                HistoryReader.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
            } catch (IOException e) {
                err.println("arbiter-simulate: cannot write " + json + ": " + e.getMessage());
                return 2;
            }
        }
        int exit = 0;
        if (maxChanged != null && 100 * report.changedShare() > maxChanged) {
            err.printf(Locale.ROOT, "GATE FAILED: %.1f %% of decisions change (more than --max-changed %s)%n",
                    100 * report.changedShare(), maxChanged);
            exit = 1;
        }
        if (failOnNoOwner && report.newNoOwner() > 0) {
            err.printf(Locale.ROOT, "GATE FAILED: %,d decisions become NO_OWNER%n", report.newNoOwner());
            exit = 1;
        }
        return exit;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    /** Compiles every rule file under the directories; prints located errors and rethrows when they do not compile. */
    static CompiledRuleSet compile(List<Path> dirs, int revision, PrintStream err) throws IOException {
        List<RuleSetFile> files = new ArrayList<>();
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw new IOException("not a directory: " + dir);
            }
            try (Stream<Path> list = Files.list(dir)) {
                for (Path p : list.sorted().toList()) {
                    if (RuleSetFile.kindOf(p.getFileName().toString()) != null) {
                        files.add(new RuleSetFile(p.getFileName().toString(), Files.readAllBytes(p)));
                    }
                }
            }
        }
        try {
            return new RuleSetCompiler(null).compile(revision, files).warmUp(1);
        } catch (RuleSetRejectedException e) {
            err.println("arbiter-simulate: the rule set does not compile:");
            for (RuleSetError x : e.errors()) {
                err.println("  " + x.file() + (x.sheet() == null ? "" : " / " + x.sheet())
                        + (x.row() == null ? "" : " row " + x.row()) + (x.column() == null ? "" : " column " + x.column())
                        + ": " + x.message());
            }
            throw e;
        }
    }
}

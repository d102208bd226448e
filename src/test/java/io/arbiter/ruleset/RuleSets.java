package io.arbiter.ruleset;

import io.arbiter.decision.Command;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.RoutingResult;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test helpers: rule-set files from text, commands from a few fields. */
final class RuleSets {
    private RuleSets() {
    }

    static RuleSetFile file(String name, String text) {
        return new RuleSetFile(name, text.getBytes(StandardCharsets.UTF_8));
    }

    static CompiledRuleSet compile(RuleSetFile... files) {
        return TestSignals.compiler().compile(1, List.of(files));
    }

    /** A one-table CSV: {@code header} lists "TYPE|code|label" columns, rows are comma-separated cells. */
    static String table(String name, String[] columns, String... rows) {
        StringBuilder sb = new StringBuilder("RuleSet,io.arbiter.test\n,\nRuleTable ").append(name).append('\n');
        StringBuilder types = new StringBuilder("NAME");
        StringBuilder objects = new StringBuilder();
        StringBuilder codes = new StringBuilder();
        StringBuilder labels = new StringBuilder("Rule");
        for (String column : columns) {
            // TYPE|code|label: the code may hold '|' itself (forall(||){…}, ||), so split at the first and the last.
            int first = column.indexOf('|');
            int last = column.lastIndexOf('|');
            String[] parts = {column.substring(0, first), column.substring(first + 1, last), column.substring(last + 1)};
            types.append(',').append(parts[0]);
            objects.append(',').append(parts[0].equals("CONDITION") ? "c: Command..." : "");
            codes.append(",\"").append(parts[1].replace("\"", "\"\"")).append('"');
            labels.append(',').append(parts[2]);
        }
        sb.append(types).append('\n').append(objects).append('\n').append(codes).append('\n').append(labels).append('\n');
        for (String row : rows) {
            sb.append(row).append('\n');
        }
        return sb.toString();
    }

    static Command command(String type, String market, String channel, String businessKey, Map<String, String> attributes) {
        return Command.of(new CommandEnvelope("cmd-" + businessKey, type, businessKey, "acme", market, channel, null, null,
                null, attributes, null, null, null));
    }

    /** When {@link #decide} decides. */
    static final Instant DECIDED_AT = Instant.parse("2026-11-22T12:00:00Z");

    static RoutingResult decide(CompiledRuleSet ruleSet, Command command) {
        return ruleSet.evaluate(command, DECIDED_AT);
    }
}

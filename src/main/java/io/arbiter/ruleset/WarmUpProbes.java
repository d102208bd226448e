package io.arbiter.ruleset;

import io.arbiter.decision.Bucket;
import io.arbiter.decision.Command;
import io.arbiter.decision.CommandEnvelope;
import io.arbiter.decision.FactField;
import io.arbiter.decision.FactModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Commands that walk each table row's conditions, built from the row's own cells.
 *
 * <p>Why: Drools compiles each constraint lazily on its first evaluation and JIT-compiles it after
 * a few more, so the first decisions down a path cost milliseconds. Running these probes before a
 * revision takes traffic moves that work off the request path. Templates not recognised here only
 * mean less warming, never a different decision. A text field is carried by its {@link FactModel}
 * name; fields Arbiter derives cannot be sent, so only the bucket, worked out from the business key,
 * is steered (by choosing a key).
 */
final class WarmUpProbes {
    private static final Pattern EQUALS = Pattern.compile("^(\\w+)\\s*==\\s*\"\\$param\"$");
    private static final Pattern ANY_OF = Pattern.compile("^forall\\(\\|\\|\\)\\{\\s*(\\w+)\\s*==\\s*\"\\$\"\\s*}$");
    private static final Pattern ATTRIBUTE = Pattern.compile("^attr\\(\"([^\"]+)\"\\)\\s*==\\s*\"\\$param\"$");
    private static final Pattern BUCKET_BELOW = Pattern.compile("^bucket\\s*<\\s*\\$param$");

    private WarmUpProbes() {
    }

    static List<Command> of(TableParser.Sheet sheet) {
        List<Command> probes = new ArrayList<>();
        for (DecisionTable table : sheet.tables()) {
            for (DecisionTable.Row row : table.rows()) {
                probes.add(probe(table, row));
            }
        }
        return probes;
    }

    private static Command probe(DecisionTable table, DecisionTable.Row row) {
        Map<String, String> fields = new HashMap<>();
        Map<String, String> attributes = new HashMap<>();
        int bucketBelow = 100;
        for (DecisionTable.Column column : table.columns()) {
            String value = row.cells().get(column.index());
            if (value == null || column.condition() == null) {
                continue;
            }
            String code = column.condition().text();
            Matcher m;
            if ((m = EQUALS.matcher(code)).matches()) {
                fields.put(m.group(1), value);
            } else if ((m = ANY_OF.matcher(code)).matches()) {
                fields.put(m.group(1), value.split(",")[0].strip());
            } else if ((m = ATTRIBUTE.matcher(code)).matches()) {
                attributes.put(m.group(1), value);
            } else if (BUCKET_BELOW.matcher(code).matches()) {
                bucketBelow = Integer.parseInt(value.strip().split("\\.")[0]);
            }
        }
        fields.keySet().removeIf(name -> !sentAsText(name));
        fields.putIfAbsent(FactModel.COMMAND_ID.name(), "warm-up");
        fields.putIfAbsent(FactModel.TYPE.name(), "WarmUp");
        fields.putIfAbsent(FactModel.BUSINESS_KEY.name(), keyInBucketBelow(bucketBelow));
        return Command.of(CommandEnvelope.carrying(fields, attributes));
    }

    private static boolean sentAsText(String name) {
        FactField field = FactModel.field(name);
        return field != null && field.sentAsText();
    }

    private static String keyInBucketBelow(int bound) {
        for (int i = 0; i < 10_000; i++) {
            String key = "warm-up-" + i;
            if (Bucket.of(key) < Math.max(1, bound)) {
                return key;
            }
        }
        return "warm-up";
    }
}

package io.arbiter.support;

import java.nio.file.Path;

/** Decision tables for tests of the table allow-list, in CSV. */
public final class Tables {
    /** A valid one-row table. */
    public static final String VALID = String.join("\n",
            "RuleSet,io.arbiter.x",
            ",",
            "RuleTable X",
            "NAME,CONDITION,ACTION",
            ",c: Command,",
            ",\"type == \"\"$param\"\"\",\"route.owner(\"\"$param\"\");\"",
            "Rule,Type,Owner",
            "X row,XType,x-owner");

    private Tables() {
    }

    /** {@link #VALID} with a RuleSet-level property in row 2 (cells A and B). */
    public static String withRuleSetProperty(String keyword, String value) {
        return VALID.replaceFirst("\n,\n", "\n" + keyword + ",\"" + value.replace("\"", "\"\"") + "\"\n,\n");
    }

    /** The reproduction: a RuleSet-level Timer whose expression would create {@code marker}. */
    public static String timer(Path marker) {
        return withRuleSetProperty("Timer", "x(expr: java.lang.Runtime.getRuntime().exec(\"touch " + marker + "\").waitFor())");
    }
}

package io.arbiter.api.readme;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Whether an answer holds what a README example shows — the README's conventions for leaving things
 * out, and the values that are this run's own (see {@code ReadmeExamplesTest} for the rules in one
 * place). Every difference is listed with its JSON path, not just the first.
 */
final class ShownJson {
    /** Positions in the audit log and counts over it: the log is shared with every test on this profile. */
    static final Set<String> LOG_POSITIONS = Set.of("seq", "firstSeq", "lastSeq", "fromSeq", "toSeq", "checked");
    /** Measured, not decided. */
    static final Set<String> MEASUREMENTS = Set.of("metrics", "ageSeconds");
    /** The audit chain's hashes cover the record's timestamps: new every run. */
    static final Set<String> CHAIN_HASHES = Set.of("hash");
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
    private static final String ELLIPSIS = "…";
    private static final String DOTS = "...";

    private final RunValues run;
    private final String sent;
    private final List<String> differences = new ArrayList<>();

    private ShownJson(RunValues run, String sent) {
        this.run = run;
        this.sent = sent;
    }

    /**
     * Every way {@code answered} differs from what {@code shown} shows; empty when it holds it.
     * {@code sent} is the request as written: an instant in it is the caller's, compared as written.
     */
    static List<String> differences(JsonNode shown, JsonNode answered, RunValues run, String sent) {
        ShownJson match = new ShownJson(run, sent);
        match.compare("$", null, shown, answered);
        return match.differences;
    }

    /** One header value: the README's {@code http://localhost:8080} is the service under test. */
    static boolean sameText(String shown, String answered, String baseUrl, RunValues run) {
        return textMatches(run.inShownText(shown).replace("http://localhost:8080", baseUrl), answered);
    }

    private void compare(String path, String key, JsonNode shown, JsonNode answered) {
        if (answered == null || answered.isMissingNode()) {
            differences.add(path + ": missing; the README shows " + shown);
            return;
        }
        if (key != null && MEASUREMENTS.contains(key)) {
            if (shown.getNodeType() != answered.getNodeType()) {
                differences.add(path + ": " + answered + " is not of the JSON type of the README's " + shown);
            }
            return;
        }
        if (shown.isObject()) {
            compareObject(path, shown, answered);
        } else if (shown.isArray()) {
            compareArray(path, shown, answered);
        } else if (shown.isTextual()) {
            compareText(path, key, shown.textValue(), answered);
        } else if (shown.isNumber()) {
            compareNumber(path, key, shown, answered);
        } else if (!shown.equals(answered)) {
            differences.add(path + ": the README shows " + shown + ", the service answered " + answered);
        }
    }

    private void compareObject(String path, JsonNode shown, JsonNode answered) {
        if (!answered.isObject()) {
            differences.add(path + ": the README shows an object, the service answered " + answered);
            return;
        }
        boolean more = shown.has(DOTS) || shown.has(ELLIPSIS);
        for (Iterator<Map.Entry<String, JsonNode>> it = shown.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getKey().equals(DOTS) && !field.getKey().equals(ELLIPSIS)) {
                compare(path + "." + field.getKey(), field.getKey(), field.getValue(), answered.get(field.getKey()));
            }
        }
        if (!more) {
            for (Iterator<String> it = answered.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!shown.has(name)) {
                    differences.add(path + "." + name + ": the service answered " + answered.get(name)
                            + ", the README does not show it (nor \"...\": \"...\" for more fields)");
                }
            }
        }
    }

    private void compareArray(String path, JsonNode shown, JsonNode answered) {
        if (!answered.isArray()) {
            differences.add(path + ": the README shows an array, the service answered " + answered);
            return;
        }
        int size = shown.size();
        int ellipses = 0;
        for (JsonNode element : shown) {
            ellipses += isEllipsis(element) ? 1 : 0;
        }
        boolean onlyMoreAtTheEnd = ellipses == 1 && isEllipsis(shown.get(size - 1));
        if (ellipses == 0 || onlyMoreAtTheEnd) {
            int listed = size - ellipses;
            if (onlyMoreAtTheEnd ? answered.size() < listed : answered.size() != listed) {
                differences.add(path + ": the README shows " + (onlyMoreAtTheEnd ? "at least " : "") + listed
                        + " elements, the service answered " + answered.size() + ": " + answered);
                return;
            }
            for (int i = 0; i < listed; i++) {
                compare(path + "[" + i + "]", null, shown.get(i), answered.get(i));
            }
            return;
        }
        int[] at = new int[size];
        if (!align(shown, 0, answered, 0, at)) {
            differences.add(path + ": the service's elements do not hold the README's in its order (each \"…\" standing for any"
                    + " elements): the README shows " + shown + ", the service answered " + answered);
            return;
        }
        for (int i = 0; i < size; i++) {
            if (!isEllipsis(shown.get(i))) {
                compare(path + "[" + at[i] + "]", null, shown.get(i), answered.get(at[i]));
            }
        }
    }

    /** Where each shown element is among the answered ones, a "…" standing for any number of them; false when nowhere. */
    private boolean align(JsonNode shown, int i, JsonNode answered, int j, int[] at) {
        if (i == shown.size()) {
            return j == answered.size();
        }
        if (isEllipsis(shown.get(i))) {
            for (int k = j; k <= answered.size(); k++) {
                if (align(shown, i + 1, answered, k, at)) {
                    return true;
                }
            }
            return false;
        }
        if (j < answered.size() && differences(shown.get(i), answered.get(j), run.copy(), sent).isEmpty()) {
            at[i] = j;
            return align(shown, i + 1, answered, j + 1, at);
        }
        return false;
    }

    private void compareText(String path, String key, String shown, JsonNode answered) {
        if (!answered.isTextual()) {
            differences.add(path + ": the README shows \"" + shown + "\", the service answered " + answered);
            return;
        }
        String value = answered.textValue();
        if (RunValues.UUID.matcher(shown).matches()) {
            if (!RunValues.UUID.matcher(value).matches() || !run.sameId(shown, value)) {
                differences.add(path + ": " + value + " is not the id the README's " + shown + " stood for earlier in this run");
            }
        } else if (INSTANT.matcher(shown).matches() && !sent.contains(shown)) {
            if (!isInstant(value)) {
                differences.add(path + ": " + value + " is not an instant like the README's " + shown);
            }
        } else if (key != null && CHAIN_HASHES.contains(key)) {
            if (!value.matches("[0-9a-f]{64}")) {
                differences.add(path + ": " + value + " is not a SHA-256 in hex");
            }
        } else if (!textMatches(run.inShownText(shown), value)) {
            differences.add(path + ": the README shows \"" + shown + "\", the service answered \"" + value + "\"");
        }
    }

    private void compareNumber(String path, String key, JsonNode shown, JsonNode answered) {
        if (!answered.isNumber()) {
            differences.add(path + ": the README shows " + shown + ", the service answered " + answered);
        } else if (key != null && LOG_POSITIONS.contains(key)) {
            if (!answered.canConvertToLong() || answered.longValue() < 0) {
                differences.add(path + ": " + answered + " is not a position in the audit log");
            }
        } else if (key != null && RunValues.REVISION_KEYS.contains(key)) {
            if (!run.sameRevision(shown.longValue(), answered.longValue())) {
                differences.add(path + ": revision " + answered + " is not the one the README's revision " + shown
                        + " stood for earlier in this run");
            }
        } else if (shown.decimalValue().compareTo(answered.decimalValue()) != 0) {
            differences.add(path + ": the README shows " + shown + ", the service answered " + answered);
        }
    }

    /** Equal, where each '…' in the README's text stands for any text (none included). */
    private static boolean textMatches(String shown, String value) {
        if (!shown.contains(ELLIPSIS)) {
            return shown.equals(value);
        }
        StringBuilder regex = new StringBuilder();
        for (String part : shown.split(ELLIPSIS, -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(value).matches();
    }

    private static boolean isEllipsis(JsonNode node) {
        return node.isTextual() && (node.textValue().equals(ELLIPSIS) || node.textValue().equals(DOTS));
    }

    private static boolean isInstant(String value) {
        try {
            Instant.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}

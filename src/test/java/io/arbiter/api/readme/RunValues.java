package io.arbiter.api.readme;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the README's made-up ids and revision numbers stand for in this run. The first answer that
 * shows a README id ({@code "decisionId": "01a2027d-…"}) or revision number ({@code "revision": 2})
 * binds it to the value the service answered there; from then on every answer must show that same
 * value where the README shows the README's, and every later request is sent with it — so
 * {@code GET /v1/decisions/01a2027d-…} asks for the decision the run made, and
 * {@code POST /v1/rulesets/2/evaluate} evaluates the revision the run uploaded.
 */
final class RunValues {
    static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** Keys that hold a revision number, in answers and in request bodies and forms. */
    static final Set<String> REVISION_KEYS = Set.of("revision", "baseRevision", "candidateRevision", "previousRevision", "base");
    private static final Pattern REVISION_IN_PATH = Pattern.compile("(/rulesets/)(\\d+)(?=[/?]|$)");
    private static final Pattern REVISION_IN_BODY = Pattern.compile("(\"(?:" + String.join("|", REVISION_KEYS) + ")\"\\s*:\\s*)(\\d+)");
    private static final Pattern REVISION_IN_TEXT = Pattern.compile("\\b([Rr]evision )(\\d+)\\b");

    private final Map<String, String> ids = new HashMap<>();
    /** The other way round: two README ids standing for one of the run's would say two things are different that are not. */
    private final Map<String, String> shownIds = new HashMap<>();
    private final Map<Long, Long> revisions = new HashMap<>();

    /** These bindings, to try a match without binding anything. */
    RunValues copy() {
        RunValues copy = new RunValues();
        copy.ids.putAll(ids);
        copy.shownIds.putAll(shownIds);
        copy.revisions.putAll(revisions);
        return copy;
    }

    /** True when {@code shown} stands for {@code answered}: bound to it now, or earlier. */
    boolean sameId(String shown, String answered) {
        if (!ids.getOrDefault(shown, answered).equals(answered) || !shownIds.getOrDefault(answered, shown).equals(shown)) {
            return false;
        }
        ids.put(shown, answered);
        shownIds.put(answered, shown);
        return true;
    }

    boolean sameRevision(long shown, long answered) {
        return revisions.computeIfAbsent(shown, s -> answered) == answered;
    }

    /** {@code text} with every bound README id and revision ({@code /rulesets/2}, {@code "revision": 2}) replaced by the run's. */
    String inRequest(String text) {
        String out = replaceIds(text);
        out = replaceRevisions(REVISION_IN_PATH, out);
        return replaceRevisions(REVISION_IN_BODY, out);
    }

    /** A form field's value: the run's revision for a field that holds one. */
    String inFormField(String name, String value) {
        if ((REVISION_KEYS.contains(name) || name.equals("baseline")) && value.matches("\\d+")) {
            return String.valueOf(revisions.getOrDefault(Long.parseLong(value), Long.parseLong(value)));
        }
        return replaceIds(value);
    }

    /** Text an answer shows: bound ids, and "revision 2" in prose, as the run's. */
    String inShownText(String text) {
        return replaceRevisions(REVISION_IN_TEXT, replaceIds(text));
    }

    private String replaceIds(String text) {
        Matcher m = UUID.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(ids.getOrDefault(m.group(), m.group())));
        }
        return m.appendTail(out).toString();
    }

    private String replaceRevisions(Pattern where, String text) {
        Matcher m = where.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            long shown = Long.parseLong(m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + revisions.getOrDefault(shown, shown)));
        }
        return m.appendTail(out).toString();
    }
}

package io.arbiter.decision;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The fact model: every field a decision table or DRL rule may test, declared once, in the order
 * the analyst guide lists them. Everything else derives from this list or is checked against it:
 * the condition grammar and the cell checks of CONDITION columns (names, comparisons, literals by
 * {@link FactType}), the warm-up probes, the decide request's required fields and lengths, the
 * OpenAPI descriptions of the request, and — by tests — {@link Command}'s getters, the request and
 * envelope records and the field table in {@code decision-tables/README.md}.
 *
 * <p>Adding a field is an entry here, the getter Drools reads it through (and for text a caller
 * sends, its accessor in {@link CommandFields}), and its tests; see {@code package-info.java}.
 *
 * <p>The request's {@link #TRACE_FIELDS} are not facts.
 */
public final class FactModel {
    /**
     * Identifiers are indexed in the audit log, and PostgreSQL refuses a b-tree entry over 2704
     * bytes: 256 characters are at most 1024 bytes of UTF-8, so no accepted command fails to be recorded.
     */
    public static final int IDENTIFIER_LENGTH = 256;
    /** Routing dimensions: bounds what one command can make the audit log keep, field by field. */
    private static final int DIMENSION_LENGTH = 128;

    public static final FactField COMMAND_ID = FactField.text("commandId", CommandFields::commandId, IDENTIFIER_LENGTH,
            "cmd-7f3a", "unique per command").mandatory();
    public static final FactField TYPE = FactField.text("type", CommandFields::type, DIMENSION_LENGTH,
            "PlaceOrder", "the command's name").mandatory();
    public static final FactField BUSINESS_KEY = FactField.text("businessKey", CommandFields::businessKey, IDENTIFIER_LENGTH,
            "order-1001", "the aggregate it targets; may be empty");
    public static final FactField TENANT = FactField.text("tenant", CommandFields::tenant, DIMENSION_LENGTH,
            "acme", "the tenant it belongs to; may be empty");
    public static final FactField MARKET = FactField.text("market", CommandFields::market, DIMENSION_LENGTH,
            "EU", "the market it is for; may be empty");
    public static final FactField CHANNEL = FactField.text("channel", CommandFields::channel, DIMENSION_LENGTH,
            "web", "the channel it came in through; may be empty");
    public static final FactField PRODUCT = FactField.text("product", CommandFields::product, DIMENSION_LENGTH,
            "luxury", "the product line it concerns; may be empty");
    public static final FactField CUSTOMER_TIER = FactField.text("customerTier", CommandFields::customerTier, DIMENSION_LENGTH,
            "gold", "the customer's tier; may be empty");
    public static final FactField COHORT = FactField.text("cohort", CommandFields::cohort, DIMENSION_LENGTH,
            "pilot-2026", "the rollout cohort the caller put it in; may be empty");
    public static final FactField BUCKET = FactField.derived("bucket", FactType.NUMBER,
            "17", "stable rollout bucket 0–99 of the business key (of the command id if there is none), worked out by"
                    + " Arbiter; `bucket < 20` selects 20 %");
    public static final FactField ATTRIBUTES = FactField.attributes(
            "attr(\"dataResidency\")", "free-form attributes the caller sends, tested one by name; an absent one is empty");

    public static final FactField SIGNALS = FactField.derived("signals", FactType.SIGNAL,
            "signal(\"fulfillment-planner.lag\")", "live signals declared by the platform (downstream health, consumer lag),"
                    + " tested one by name; a stale or missing one never satisfies a condition, `stale(\"name\")` tests for it");

    /** Every field, in the guide's order. */
    public static final List<FactField> FIELDS = List.of(COMMAND_ID, TYPE, BUSINESS_KEY, TENANT, MARKET, CHANNEL, PRODUCT,
            CUSTOMER_TIER, COHORT, BUCKET, ATTRIBUTES, SIGNALS);

    /**
     * The decide request's fields that are not facts. They trace a command through the caller's
     * systems and are recorded with its decision, but a rule routing by them would route one
     * conversation or one moment rather than a kind of command — so no table may test them, and
     * {@link Command} has no getter for them.
     */
    public static final List<String> TRACE_FIELDS = List.of("correlationId", "causationId", "issuedAt");

    /** The text fields a caller sends, in order: what the decide request reads, requires and limits. */
    public static final List<FactField> SENT_TEXT = FIELDS.stream().filter(FactField::sentAsText).toList();

    private static final Map<String, FactField> BY_NAME = FIELDS.stream()
            .collect(Collectors.toMap(FactField::name, f -> f, (a, b) -> {
                throw new IllegalStateException("two fact-model fields named " + a.name());
            }, LinkedHashMap::new));
    private static final Map<String, FactField> BY_TERM = FIELDS.stream()
            .collect(Collectors.toMap(FactField::term, f -> f, (a, b) -> {
                throw new IllegalStateException("two fact-model fields tested as " + a.term());
            }, LinkedHashMap::new));

    private FactModel() {
    }

    /** The field of that name, or null: {@code market}, {@code attributes}. */
    public static FactField field(String name) {
        return BY_NAME.get(name);
    }

    /** The field a condition starting with {@code term} tests, or null: {@code market}, {@code attr}. */
    public static FactField tested(String term) {
        return BY_TERM.get(term);
    }

    /** What conditions may test, for messages: "commandId, type, …, bucket and attr("name")". */
    public static String conditionsInWords() {
        List<String> all = FIELDS.stream().map(FactField::condition).toList();
        int last = all.size() - 1;
        return String.join(", ", all.subList(0, last)) + " and " + all.get(last);
    }
}

package io.arbiter.api;

import io.arbiter.decision.FactField;
import io.arbiter.decision.FactModel;

import java.util.List;

/**
 * The fact model as {@code GET /v1/fact-model} answers it: every field a table may test, in the
 * analyst guide's order — what the admin UI's "Try it" form is built from, so the form cannot ask
 * for other fields than the decide request reads.
 *
 * @param fields every field, in {@link FactModel#FIELDS}' order
 */
public record FactModelV1(List<Field> fields) {

    /**
     * One field.
     *
     * @param name        its name in the decide request and in conditions ({@code market}, {@code attributes})
     * @param type        {@code TEXT}, {@code NUMBER} or {@code ATTRIBUTES} (named text values)
     * @param sent        true when the caller sends it; false when Arbiter works it out (the bucket)
     * @param required    true when a decide request without it is refused
     * @param maxLength   the most characters a caller may send; null when the field is not sent text
     * @param example     a value as the analyst guide shows it
     * @param description what it means, in one phrase
     */
    public record Field(String name, String type, boolean sent, boolean required, Integer maxLength, String example,
                        String description) {
        static Field of(FactField f) {
            return new Field(f.name(), f.type().name(), f.sent(), f.required(), f.sentAsText() ? f.maxLength() : null,
                    f.example(), f.description());
        }
    }

    static FactModelV1 current() {
        return new FactModelV1(FactModel.FIELDS.stream().map(Field::of).toList());
    }
}

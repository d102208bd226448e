package io.arbiter.ruleset;

import java.util.List;

/** A stored table that cannot be written in the format asked for (a workbook with tables on several sheets as CSV). */
public class TableConversionException extends RuntimeException {
    private final List<RuleSetError> errors;

    public TableConversionException(List<RuleSetError> errors) {
        super(errors.get(0).message());
        this.errors = List.copyOf(errors);
    }

    /** Where the obstacle is: one error per sheet that holds a table. */
    public List<RuleSetError> errors() {
        return errors;
    }
}

package io.arbiter.api;

import io.arbiter.text.TextRules;

import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A {@code multipart/form-data} request read as strictly as a JSON body: a part the endpoint does
 * not take is 400 naming it (a misspelt {@code notes} would otherwise be dropped), so is a file
 * where text is expected or text where a file is, and a second value of a part that takes one.
 * Text values are not judged here: what a bad one means (400, or 422 for a rule set's note) is the
 * endpoint's to say, through {@link TextRules#decodedProblem}.
 */
final class MultipartForm {
    /** What a part may be: one text value, repeated text values, one file, repeated files. */
    enum Part { TEXT, TEXTS, FILE, FILES }

    private final Map<String, Collection<FormValue>> values;

    private MultipartForm(Map<String, Collection<FormValue>> values) {
        this.values = values;
    }

    /** The form, checked against the parts the endpoint takes. */
    static MultipartForm of(MultipartFormDataInput input, Map<String, Part> parts) {
        Map<String, Collection<FormValue>> values = input == null ? Map.of() : input.getValues();
        for (Map.Entry<String, Collection<FormValue>> e : values.entrySet()) {
            String name = e.getKey() == null ? "" : e.getKey();
            Part part = parts.get(name);
            if (part == null) {
                throw ProblemException.badField(TextRules.echo(name), "unknown part; this endpoint takes " + new TreeSet<>(parts.keySet()));
            }
            boolean file = part == Part.FILE || part == Part.FILES;
            for (FormValue v : e.getValue()) {
                if (v.isFileItem() != file) {
                    throw ProblemException.badField(name, file ? "must be a file part (with a filename)" : "must be a text field, not a file");
                }
            }
            if ((part == Part.TEXT || part == Part.FILE) && e.getValue().size() > 1) {
                throw ProblemException.badField(name, "given " + e.getValue().size() + " times; give it at most once");
            }
        }
        return new MultipartForm(values);
    }

    /** The one text value of {@code name}, or null when absent. */
    String text(String name) {
        Collection<FormValue> v = values.get(name);
        return v == null || v.isEmpty() ? null : v.iterator().next().getValue();
    }

    /** Every text value of {@code name}, in order. */
    List<String> texts(String name) {
        List<String> texts = new ArrayList<>();
        values.getOrDefault(name, List.of()).forEach(v -> texts.add(v.getValue()));
        return texts;
    }

    /** Every file of {@code name}, in order. */
    List<FormValue> files(String name) {
        return List.copyOf(values.getOrDefault(name, List.of()));
    }

    /** The one file of {@code name}, or null when absent. */
    FormValue file(String name) {
        Collection<FormValue> v = values.get(name);
        return v == null || v.isEmpty() ? null : v.iterator().next();
    }
}

package dev.gatehouse.policy.vap;

import dev.gatehouse.policy.text.GoQuote;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Collects the validation errors of one object with the API server's wording ({@code field.Error}): a field path
 * and a body such as {@code Required value}, {@code Invalid value: "x": detail},
 * {@code Unsupported value: "x": supported values: "a", "b"}, {@code Duplicate value: "x"}, {@code Forbidden: detail}
 * or {@code Too many: 65: must have at most 64 items}. Every problem is reported, not only the first.
 *
 * <p>Not thread-safe: one instance per parsed object.
 */
final class FieldErrors {
    /** One error: the field path and the message body. */
    record Entry(String field, String body) {
        @Override
        public String toString() {
            return field + ": " + body;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    void required(String field, String detail) {
        entries.add(new Entry(field, detail.isEmpty() ? "Required value" : "Required value: " + detail));
    }

    void invalid(String field, String value, String detail) {
        entries.add(new Entry(field, "Invalid value: " + GoQuote.quote(value) + (detail.isEmpty() ? "" : ": " + detail)));
    }

    /** An Invalid error whose value is not a string: {@code rendered} is its JSON form, as upstream prints it. */
    void invalidRendered(String field, String rendered, String detail) {
        entries.add(new Entry(field, "Invalid value: " + rendered + ": " + detail));
    }

    void notSupported(String field, String value, List<String> supported) {
        entries.add(new Entry(field, "Unsupported value: " + GoQuote.quote(value) + ": supported values: "
                + supported.stream().map(GoQuote::quote).collect(Collectors.joining(", "))));
    }

    void duplicate(String field, String value) {
        entries.add(new Entry(field, "Duplicate value: " + GoQuote.quote(value)));
    }

    void forbidden(String field, String detail) {
        entries.add(new Entry(field, "Forbidden: " + detail));
    }

    void tooMany(String field, int actual, int max) {
        entries.add(new Entry(field, "Too many: " + actual + ": must have at most " + max + " items"));
    }

    /** Adds an error whose body is already worded (for example from a nested parser). */
    void add(String field, String body) {
        entries.add(new Entry(field, body));
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }
}

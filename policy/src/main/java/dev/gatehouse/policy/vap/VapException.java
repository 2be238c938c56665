package dev.gatehouse.policy.vap;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A ValidatingAdmissionPolicy or binding the API server would reject: every field error, each worded as
 * {@code field.Error} is ({@code spec.validations[0].expression: Required value: expression is not specified}).
 * Immutable.
 */
public final class VapException extends Exception {
    private static final long serialVersionUID = 1L;

    /** One rejected field: its path and the message body. */
    public record Problem(String field, String message) {
        @Override
        public String toString() {
            return field + ": " + message;
        }
    }

    private final transient List<Problem> problems;

    VapException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    static VapException of(FieldErrors errors) {
        return new VapException(errors.entries().stream().map(e -> new Problem(e.field(), e.body())).toList());
    }

    /** The problems in the order found. */
    public List<Problem> problems() {
        return problems;
    }
}

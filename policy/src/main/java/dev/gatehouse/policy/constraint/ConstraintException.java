package dev.gatehouse.policy.constraint;

/**
 * A template or constraint that cannot be accepted: the field at fault (a dotted path such as
 * {@code spec.crd.spec.names.kind}, empty when the whole object is at fault) and what is wrong with it. The loader
 * adds the file and object when it turns this into a {@link LoadError}.
 */
public final class ConstraintException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String field;

    public ConstraintException(String field, String message) {
        super(message);
        this.field = field == null ? "" : field;
    }

    /** The dotted path of the offending field; empty when the object as a whole is at fault. */
    public String field() {
        return field;
    }

    /** {@code field: message}, or just the message when no field is named. */
    public String describe() {
        return field.isEmpty() ? getMessage() : field + ": " + getMessage();
    }
}

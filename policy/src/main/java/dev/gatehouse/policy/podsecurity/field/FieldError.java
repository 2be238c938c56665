package dev.gatehouse.policy.podsecurity.field;

import dev.gatehouse.policy.text.GoQuote;
import java.util.Objects;

/**
 * One field-level validation error, printed exactly as Kubernetes prints a {@code field.Error}:
 * {@code <field>: <body>}, where the body is {@code Invalid value: "x": <detail>}, {@code Duplicate value: "x"} or
 * {@code Required value}. Two errors are equal when type, field, bad value and detail are equal, which is what
 * namespace updates compare to decide whether label errors are new.
 *
 * <p>Immutable and thread-safe.
 *
 * @param type     what kind of error
 * @param field    the field path, e.g. {@code metadata.labels[pod-security.kubernetes.io/enforce]}
 * @param badValue the offending value, or null where the type carries none (Required)
 * @param detail   the rule that was broken, e.g. {@code must be one of privileged, baseline, restricted}; may be empty
 */
public record FieldError(Type type, String field, String badValue, String detail) {

    /** Error types with the wording Kubernetes uses in messages and the code it uses in status causes. */
    public enum Type {
        INVALID("FieldValueInvalid", "Invalid value"),
        DUPLICATE("FieldValueDuplicate", "Duplicate value"),
        REQUIRED("FieldValueRequired", "Required value");

        private final String causeType;
        private final String text;

        Type(String causeType, String text) {
            this.causeType = causeType;
            this.text = text;
        }

        /** The {@code metav1.CauseType} of this error, e.g. {@code FieldValueInvalid}. */
        public String causeType() {
            return causeType;
        }

        /** The message wording, e.g. {@code Invalid value}. */
        public String text() {
            return text;
        }
    }

    public FieldError {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(field, "field");
        detail = detail == null ? "" : detail;
    }

    public static FieldError invalid(String field, String badValue, String detail) {
        return new FieldError(Type.INVALID, field, badValue == null ? "" : badValue, detail);
    }

    public static FieldError duplicate(String field, String badValue) {
        return new FieldError(Type.DUPLICATE, field, badValue == null ? "" : badValue, "");
    }

    public static FieldError required(String field, String detail) {
        return new FieldError(Type.REQUIRED, field, null, detail);
    }

    /** The message without the field: {@code Invalid value: "x": detail} (what a status cause carries). */
    public String body() {
        StringBuilder out = new StringBuilder(type.text());
        if (type != Type.REQUIRED && badValue != null) {
            out.append(": ");
            GoQuote.appendQuoted(out, badValue);
        }
        if (!detail.isEmpty()) {
            out.append(": ").append(detail);
        }
        return out.toString();
    }

    /** {@code <field>: <body>}, as {@code field.Error.Error()}. */
    @Override
    public String toString() {
        return field + ": " + body();
    }
}

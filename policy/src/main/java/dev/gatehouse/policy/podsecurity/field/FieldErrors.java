package dev.gatehouse.policy.podsecurity.field;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Joins field errors as Kubernetes aggregates them ({@code ErrorList.ToAggregate().Error()}): identical messages
 * once, a single message as it is, several inside {@code [a, b]}.
 */
public final class FieldErrors {

    private FieldErrors() {
    }

    /** The aggregate message, or the empty string for no errors. */
    public static String aggregate(List<FieldError> errors) {
        if (errors.isEmpty()) {
            return "";
        }
        if (errors.size() == 1) {
            return errors.getFirst().toString();
        }
        Set<String> messages = new LinkedHashSet<>();
        for (FieldError error : errors) {
            messages.add(error.toString());
        }
        if (messages.size() == 1) {
            return messages.iterator().next();
        }
        return "[" + String.join(", ", messages) + "]";
    }
}

package dev.gatehouse.policy.podsecurity.admission;

import dev.gatehouse.policy.podsecurity.LevelVersion;
import dev.gatehouse.policy.podsecurity.field.FieldError;
import dev.gatehouse.policy.podsecurity.field.FieldErrors;
import dev.gatehouse.policy.text.GoQuote;
import dev.gatehouse.policy.review.Decision;
import dev.gatehouse.policy.review.GroupVersionKind;
import dev.gatehouse.policy.review.GroupVersionResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The decisions Pod Security returns, with the status codes, reasons and messages the Kubernetes API machinery
 * gives them ({@code NewForbidden}, {@code NewInvalid}, {@code NewBadRequest}, {@code NewInternalError}). Shared
 * decisions are immutable constants, so the common allowed paths allocate nothing.
 */
final class Responses {

    static final Decision ALLOWED = Decision.allow();
    static final Decision ALLOWED_PRIVILEGED = allowed(AuditAnnotations.ENFORCE_POLICY, LevelVersion.PRIVILEGED_LATEST.toString());
    static final Decision ALLOWED_EXEMPT_USER = allowed(AuditAnnotations.EXEMPT, "user");
    static final Decision ALLOWED_EXEMPT_NAMESPACE = allowed(AuditAnnotations.EXEMPT, "namespace");
    static final Decision ALLOWED_EXEMPT_RUNTIME_CLASS = allowed(AuditAnnotations.EXEMPT, "runtimeClass");

    private Responses() {
    }

    static Decision allowed(String annotationKey, String annotationValue) {
        return new Decision(true, 200, "", "", List.of(), List.of(), Map.of(annotationKey, annotationValue));
    }

    static Decision allowed(List<String> warnings, Map<String, String> annotations) {
        return new Decision(true, 200, "", "", List.of(), warnings, annotations);
    }

    static Decision forbidden(GroupVersionResource resource, String name, String cause, Map<String, String> annotations) {
        String qualified = qualifiedResource(resource);
        StringBuilder message = new StringBuilder(qualified.length() + name.length() + cause.length() + 20);
        if (qualified.isEmpty()) {
            message.append("forbidden: ");
        } else if (name.isEmpty()) {
            message.append(qualified).append(" is forbidden: ");
        } else {
            message.append(qualified).append(' ');
            GoQuote.appendQuoted(message, name);
            message.append(" is forbidden: ");
        }
        message.append(cause);
        return new Decision(false, 403, "Forbidden", message.toString(), List.of(), List.of(), annotations);
    }

    static Decision invalid(GroupVersionKind kind, String name, List<FieldError> errors) {
        String qualified = kind.kind().isEmpty() ? "Namespace" : qualifiedKind(kind);
        String message = qualified + " " + GoQuote.quote(name) + " is invalid: " + FieldErrors.aggregate(errors);
        List<Decision.Cause> causes = new ArrayList<>(errors.size());
        for (FieldError error : errors) {
            causes.add(new Decision.Cause(error.type().causeType(), error.body(), error.field()));
        }
        return new Decision(false, 422, "Invalid", message, causes, List.of(), Map.of());
    }

    /** A 400 whose audit annotation adds the underlying error, as upstream's {@code errorResponse}. */
    static Decision badRequest(String message, String error) {
        return new Decision(false, 400, "BadRequest", message, List.of(), List.of(),
                Map.of(AuditAnnotations.ERROR, error == null ? message : message + ": " + error));
    }

    /** A 500 whose audit annotation adds the underlying error, as upstream's {@code errorResponse}. */
    static Decision internalError(String cause, String error) {
        String message = "Internal error occurred: " + cause;
        return new Decision(false, 500, "InternalError", message, List.of(new Decision.Cause("", cause, "")), List.of(),
                Map.of(AuditAnnotations.ERROR, error == null ? message : message + ": " + error));
    }

    private static String qualifiedResource(GroupVersionResource resource) {
        if (resource.group().isEmpty()) {
            return resource.resource();
        }
        return resource.resource() + "." + resource.group();
    }

    private static String qualifiedKind(GroupVersionKind kind) {
        if (kind.group().isEmpty()) {
            return kind.kind();
        }
        return kind.kind() + "." + kind.group();
    }
}

package dev.gatehouse.policy.review;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Two engines behind one: every request is reviewed by both (even when the first denies, so that the user sees
 * every reason at once), and their {@link Decision}s are merged.
 *
 * <p>Merge rules: the request is denied if either engine denies. When exactly one denies, its code, reason,
 * message and causes are the answer. When both deny, the first engine's code, reason and causes are kept and the
 * messages are joined by a newline, the first engine's first: the webhook puts Pod Security first so that its
 * upstream 403 message stays the first line (and a 422 for bad namespace labels keeps its code), followed by the
 * constraint framework's {@code [<constraint>] <msg>} lines. Warnings are concatenated, first engine's first.
 * Audit annotations are merged; on a key both engines set (Pod Security's {@code enforce-policy},
 * {@code audit-violations}, {@code exempt}, {@code error} and the constraint engine's {@code dryrun-violations} never clash)
 * the first engine's value is kept. {@link #mayBlock} is true when either engine says so.
 *
 * <p>Immutable and thread-safe when both engines are.
 */
public final class CompositeEngine implements Engine {
    private final Engine first;
    private final Engine second;

    /** Reviews with {@code first} then {@code second}; {@code first} leads messages, warnings and annotations. */
    public CompositeEngine(Engine first, Engine second) {
        this.first = Objects.requireNonNull(first, "first");
        this.second = Objects.requireNonNull(second, "second");
    }

    @Override
    public Decision review(Review review) {
        return merge(first.review(review), second.review(review));
    }

    @Override
    public boolean mayBlock(Review review) {
        return first.mayBlock(review) || second.mayBlock(review);
    }

    /** Merges two decisions by the rules in the class description. */
    static Decision merge(Decision a, Decision b) {
        List<String> warnings;
        if (b.warnings().isEmpty()) {
            warnings = a.warnings();
        } else if (a.warnings().isEmpty()) {
            warnings = b.warnings();
        } else {
            warnings = new ArrayList<>(a.warnings().size() + b.warnings().size());
            warnings.addAll(a.warnings());
            warnings.addAll(b.warnings());
        }
        Map<String, String> annotations;
        if (b.auditAnnotations().isEmpty()) {
            annotations = a.auditAnnotations();
        } else if (a.auditAnnotations().isEmpty()) {
            annotations = b.auditAnnotations();
        } else {
            annotations = new LinkedHashMap<>(a.auditAnnotations());
            b.auditAnnotations().forEach(annotations::putIfAbsent);
        }
        if (a.allowed() && b.allowed()) {
            return new Decision(true, 200, "", "", List.of(), warnings, annotations);
        }
        Decision lead = a.allowed() ? b : a;
        String message = a.allowed() || b.allowed() ? lead.message() : joinMessages(a.message(), b.message());
        return new Decision(false, lead.code(), lead.reason(), message, lead.causes(), warnings, annotations);
    }

    private static String joinMessages(String a, String b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isEmpty() ? a : a + "\n" + b;
    }
}

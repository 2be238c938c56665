package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.value.StringValue;

/**
 * Names a rule document that reads a single member of {@code input} and nothing else, in terms that are the same for
 * every policy holding the same rules ({@link RuleFingerprint}): evaluations of different policies on the same value
 * of that member (Gatekeeper evaluates every template against one {@code input.review} per request) compute it
 * once. Equal keys, equal documents for the same member value.
 *
 * @param member      the member of {@code input} the document reads
 * @param builtins    the builtins the rules call by name (compared by identity)
 * @param fingerprint the rules, as {@link RuleFingerprint} writes them
 */
public record SharedDocumentKey(StringValue member, Object builtins, String fingerprint) {
    @Override
    public boolean equals(Object o) {
        return o instanceof SharedDocumentKey k && k.builtins == builtins && k.member.equals(member)
                && k.fingerprint.equals(fingerprint);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode() * 31 + member.hashCode();
    }
}

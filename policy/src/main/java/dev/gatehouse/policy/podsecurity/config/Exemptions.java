package dev.gatehouse.policy.podsecurity.config;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who and what Pod Security leaves alone: requests by these usernames, in these namespaces, and pods with these
 * runtime class names. Matching is exact; an empty name never matches.
 *
 * <p>Immutable and thread-safe; lookups are constant-time.
 */
public final class Exemptions {

    /** No exemptions. */
    public static final Exemptions NONE = new Exemptions(List.of(), List.of(), List.of());

    private final List<String> usernames;
    private final List<String> namespaces;
    private final List<String> runtimeClasses;
    private final Set<String> usernameSet;
    private final Set<String> namespaceSet;
    private final Set<String> runtimeClassSet;

    /** Exemptions from the given lists (kept in order for display; duplicates are tolerated here). */
    public Exemptions(List<String> usernames, List<String> namespaces, List<String> runtimeClasses) {
        this.usernames = List.copyOf(usernames);
        this.namespaces = List.copyOf(namespaces);
        this.runtimeClasses = List.copyOf(runtimeClasses);
        this.usernameSet = Set.copyOf(this.usernames);
        this.namespaceSet = Set.copyOf(this.namespaces);
        this.runtimeClassSet = Set.copyOf(this.runtimeClasses);
    }

    public List<String> usernames() {
        return usernames;
    }

    public List<String> namespaces() {
        return namespaces;
    }

    public List<String> runtimeClasses() {
        return runtimeClasses;
    }

    public boolean exemptUsername(String username) {
        return username != null && !username.isEmpty() && usernameSet.contains(username);
    }

    public boolean exemptNamespace(String namespace) {
        return namespace != null && !namespace.isEmpty() && namespaceSet.contains(namespace);
    }

    public boolean exemptRuntimeClass(String runtimeClassName) {
        return runtimeClassName != null && !runtimeClassName.isEmpty() && runtimeClassSet.contains(runtimeClassName);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Exemptions other && usernames.equals(other.usernames)
                && namespaces.equals(other.namespaces) && runtimeClasses.equals(other.runtimeClasses);
    }

    @Override
    public int hashCode() {
        return Objects.hash(usernames, namespaces, runtimeClasses);
    }

    @Override
    public String toString() {
        return "Exemptions[usernames=" + usernames + ", namespaces=" + namespaces + ", runtimeClasses=" + runtimeClasses + "]";
    }
}

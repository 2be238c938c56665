package dev.gatehouse.policy.podsecurity.config;

import dev.gatehouse.policy.podsecurity.namespace.NamespacePolicy;
import java.util.Objects;

/**
 * A validated {@code PodSecurityConfiguration}: the policy for namespaces without labels, and the exemptions.
 * Load one with {@link PodSecurityConfigurationLoader}; {@link #DEFAULT} is what an empty file means.
 *
 * <p>Immutable and thread-safe.
 *
 * @param defaults   the default policy (never has errors)
 * @param exemptions the exempt usernames, namespaces and runtime classes
 */
public record PodSecurityConfiguration(NamespacePolicy defaults, Exemptions exemptions) {

    /** Everything privileged at latest, nothing exempt. */
    public static final PodSecurityConfiguration DEFAULT =
            new PodSecurityConfiguration(NamespacePolicy.PRIVILEGED, Exemptions.NONE);

    public PodSecurityConfiguration {
        Objects.requireNonNull(defaults, "defaults");
        Objects.requireNonNull(exemptions, "exemptions");
        if (defaults.hasErrors()) {
            throw new IllegalArgumentException("Default policy must not carry label errors: " + defaults.errorMessage());
        }
    }
}

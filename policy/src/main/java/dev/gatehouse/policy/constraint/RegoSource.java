package dev.gatehouse.policy.constraint;

import java.util.List;
import java.util.Objects;

/**
 * The Rego code of a template, kept as written for the Rego driver: the main module, the library modules and the
 * syntax version ({@code "v1"} for Rego v1 syntax; empty means v0, as upstream).
 */
public record RegoSource(String rego, List<String> libs, String version) {
    public RegoSource {
        Objects.requireNonNull(rego, "rego");
        libs = List.copyOf(libs);
        version = version == null ? "" : version;
    }

    /** Whether the modules use Rego v1 syntax. */
    public boolean v1() {
        return version.equals("v1");
    }
}

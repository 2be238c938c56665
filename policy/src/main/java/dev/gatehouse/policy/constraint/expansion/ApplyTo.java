package dev.gatehouse.policy.constraint.expansion;

import dev.gatehouse.policy.review.GroupVersionKind;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code spec.applyTo} entry of an ExpansionTemplate: the workload kinds it expands, as lists of groups, versions
 * and kinds that are combined with each other. Names are compared exactly (no globs, as upstream: {@code "*"} is a
 * group named {@code *}).
 *
 * <p>Immutable and thread-safe.
 */
public record ApplyTo(List<String> groups, List<String> versions, List<String> kinds) {
    public ApplyTo {
        groups = List.copyOf(groups);
        versions = List.copyOf(versions);
        kinds = List.copyOf(kinds);
    }

    /** Whether the kind's group, version and kind are each listed. */
    public boolean matches(GroupVersionKind gvk) {
        return groups.contains(gvk.group()) && versions.contains(gvk.version()) && kinds.contains(gvk.kind());
    }

    /** Every group, version and kind combination this entry names. */
    public List<GroupVersionKind> kindsMatched() {
        List<GroupVersionKind> all = new ArrayList<>(groups.size() * versions.size() * kinds.size());
        for (String group : groups) {
            for (String version : versions) {
                for (String kind : kinds) {
                    all.add(new GroupVersionKind(group, version, kind));
                }
            }
        }
        return all;
    }
}

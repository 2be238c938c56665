package dev.gatehouse.policy.constraint.match;

import java.util.List;

/** One {@code match.kinds} entry: API groups and kinds; an empty list or {@code *} in it means any. */
public record KindSelector(List<String> apiGroups, List<String> kinds) {
    public KindSelector {
        apiGroups = List.copyOf(apiGroups);
        kinds = List.copyOf(kinds);
    }

    /** Whether the group and kind are selected. */
    public boolean matches(String group, String kind) {
        return (apiGroups.isEmpty() || apiGroups.contains("*") || apiGroups.contains(group))
                && (kinds.isEmpty() || kinds.contains("*") || kinds.contains(kind));
    }
}

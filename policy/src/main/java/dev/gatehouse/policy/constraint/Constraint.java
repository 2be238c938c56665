package dev.gatehouse.policy.constraint;

import dev.gatehouse.policy.constraint.match.Match;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A validated constraint: an instance of a template's kind ({@code constraints.gatekeeper.sh/<Kind>}) saying
 * which objects to check ({@link Match}), with which parameters, and what a violation does.
 *
 * @param kind                     the template's kind
 * @param name                     metadata.name
 * @param match                    spec.match
 * @param enforcementAction        spec.enforcementAction (deny by default)
 * @param scopedEnforcementActions the per-point actions, used when the action is {@code scoped}
 * @param parameters               spec.parameters, or null when absent
 * @param object                   the constraint object as read (CEL sees it as {@code params})
 */
public record Constraint(
        String kind,
        String name,
        Match match,
        EnforcementAction enforcementAction,
        List<ScopedEnforcementAction> scopedEnforcementActions,
        JsonNode parameters,
        JsonNode object) {

    public Constraint {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(enforcementAction, "enforcementAction");
        scopedEnforcementActions = List.copyOf(scopedEnforcementActions);
        Objects.requireNonNull(object, "object");
    }

    /** One {@code scopedEnforcementActions} entry: an action and the points it applies at (empty = none). */
    public record ScopedEnforcementAction(EnforcementAction action, Set<EnforcementPoint> points) {
        public ScopedEnforcementAction {
            Objects.requireNonNull(action, "action");
            points = points.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(points));
        }
    }

    /**
     * The actions that apply at an enforcement point: the enforcement action itself, or for {@code scoped} the
     * actions of every entry naming the point (possibly several, e.g. warn and dryrun; possibly none).
     */
    public Set<EnforcementAction> actionsAt(EnforcementPoint point) {
        if (enforcementAction != EnforcementAction.SCOPED) {
            return Set.of(enforcementAction);
        }
        EnumSet<EnforcementAction> actions = EnumSet.noneOf(EnforcementAction.class);
        for (ScopedEnforcementAction scoped : scopedEnforcementActions) {
            if (scoped.points().contains(point)) {
                actions.add(scoped.action());
            }
        }
        return actions;
    }

    /** {@code <Kind>/<name>}, for messages. */
    public String describe() {
        return kind + "/" + name;
    }
}

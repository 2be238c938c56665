package dev.gatehouse.policy.constraint;

import dev.gatehouse.policy.constraint.match.Match;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Turns a constraint object into a {@link Constraint} of a known template: the name a DNS-1123 subdomain, a known
 * enforcement action (scoped ones with well-formed points), a well-formed match, and parameters valid against the
 * template's schema.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConstraintParser {
    private static final Pattern DNS1123_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private ConstraintParser() {}

    /** Whether the object is in the constraints group (any kind). */
    public static boolean isConstraint(JsonNode object) {
        return object.path("apiVersion").asString("").startsWith(ConstraintTemplate.CONSTRAINTS_GROUP + "/");
    }

    /**
     * Parses a constraint of {@code template}'s kind.
     *
     * @throws ConstraintException naming the offending field (parameter errors name {@code spec.parameters...})
     */
    public static Constraint parse(JsonNode object, ConstraintTemplate template) throws ConstraintException {
        String kind = object.path("kind").asString("");
        if (!kind.equals(template.kind())) {
            throw new ConstraintException("kind", "expected " + template.kind() + ", got \"" + kind + "\"");
        }
        String name = object.path("metadata").path("name").asString("");
        if (name.isEmpty()) {
            throw new ConstraintException("metadata.name", "Required value");
        }
        if (name.length() > 253 || !DNS1123_SUBDOMAIN.matcher(name).matches()) {
            throw new ConstraintException("metadata.name", "Invalid value: \"" + name + "\": a lowercase RFC 1123"
                    + " subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and"
                    + " end with an alphanumeric character");
        }
        JsonNode spec = object.path("spec");
        if (!spec.isMissingNode() && !spec.isNull() && !spec.isObject()) {
            throw new ConstraintException("spec", "must be an object");
        }
        String actionText = spec.path("enforcementAction").asString("");
        EnforcementAction action = actionText.isEmpty() ? EnforcementAction.DENY
                : EnforcementAction.parse(actionText).orElseThrow(() -> new ConstraintException(
                        "spec.enforcementAction", "Unsupported value: \"" + actionText
                        + "\": supported values: \"deny\", \"dryrun\", \"warn\", \"scoped\""));
        List<Constraint.ScopedEnforcementAction> scoped = scoped(spec.path("scopedEnforcementActions"));
        if (action == EnforcementAction.SCOPED && scoped.isEmpty()) {
            throw new ConstraintException("spec.scopedEnforcementActions",
                    "Required value: enforcementAction \"scoped\" needs at least one scoped enforcement action");
        }
        Match match = Match.parse(spec.path("match"), "spec.match");
        JsonNode parameters = spec.path("parameters");
        if (parameters.isMissingNode() || parameters.isNull()) {
            parameters = null;
        } else if (template.parameterSchema() != null) {
            List<String> errors = ParameterSchema.validate(template.parameterSchema(), parameters, "spec.parameters");
            if (!errors.isEmpty()) {
                String first = errors.get(0);
                int colon = first.indexOf(": ");
                throw new ConstraintException(first.substring(0, colon), String.join("; ", errors.stream()
                        .map(e -> e == first ? e.substring(colon + 2) : e).toList()));
            }
        } else if (!template.legacySchema() && !parameters.isObject()) {
            throw new ConstraintException("spec.parameters", "must be an object");
        }
        return new Constraint(kind, name, match, action, scoped, parameters, object);
    }

    private static List<Constraint.ScopedEnforcementAction> scoped(JsonNode list) throws ConstraintException {
        List<Constraint.ScopedEnforcementAction> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) {
            return out;
        }
        if (!list.isArray()) {
            throw new ConstraintException("spec.scopedEnforcementActions", "must be a list");
        }
        for (int i = 0; i < list.size(); i++) {
            String field = "spec.scopedEnforcementActions[" + i + "]";
            String text = list.get(i).path("action").asString("");
            EnforcementAction action = EnforcementAction.parse(text)
                    .filter(a -> a != EnforcementAction.SCOPED)
                    .orElseThrow(() -> new ConstraintException(field + ".action", "Unsupported value: \"" + text
                            + "\": supported values: \"deny\", \"dryrun\", \"warn\""));
            EnumSet<EnforcementPoint> points = EnumSet.noneOf(EnforcementPoint.class);
            JsonNode pointList = list.get(i).path("enforcementPoints");
            for (int j = 0; j < pointList.size(); j++) {
                String name = pointList.get(j).path("name").asString("");
                if (name.equals(EnforcementPoint.ALL)) {
                    points.addAll(EnumSet.allOf(EnforcementPoint.class));
                    continue;
                }
                int index = j;
                points.add(EnforcementPoint.parse(name).orElseThrow(() -> new ConstraintException(
                        field + ".enforcementPoints[" + index + "].name", "Unsupported value: \"" + name
                        + "\": supported values: \"validation.gatekeeper.sh\", \"audit.gatekeeper.sh\","
                        + " \"gator.gatekeeper.sh\", \"vap.k8s.io\", \"*\"")));
            }
            out.add(new Constraint.ScopedEnforcementAction(action, points));
        }
        return out;
    }
}

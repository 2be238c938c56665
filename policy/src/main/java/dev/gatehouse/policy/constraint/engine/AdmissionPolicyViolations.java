package dev.gatehouse.policy.constraint.engine;

import dev.gatehouse.policy.constraint.Constraint;
import dev.gatehouse.policy.constraint.EnforcementAction;
import dev.gatehouse.policy.constraint.match.Match;
import dev.gatehouse.policy.vap.PolicyEvaluator;
import dev.gatehouse.policy.vap.PolicyFailure;
import dev.gatehouse.policy.vap.PolicyOutcome;
import dev.gatehouse.policy.vap.ValidatingAdmissionPolicy;
import dev.gatehouse.policy.vap.ValidationAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Presents ValidatingAdmissionPolicy failures as constraint violations, so that audit, the CLI and reports list
 * them with the constraints': the "constraint" is {@code ValidatingAdmissionPolicy/<policy>} (its object is the
 * policy), one violation per validation action (Deny → deny, Warn → warn, Audit → dryrun), the message is the
 * validation's, and the details say {@code policy}, {@code binding}, {@code expressionIndex},
 * {@code validationActions}, {@code reason} and {@code failure} (validation, error or configuration).
 *
 * <p>Immutable and thread-safe.
 */
final class AdmissionPolicyViolations {
    private final Map<String, Constraint> byPolicy;

    AdmissionPolicyViolations(PolicyEvaluator evaluator) {
        Map<String, Constraint> constraints = new HashMap<>();
        for (ValidatingAdmissionPolicy p : evaluator.policies()) {
            constraints.put(p.name(), new Constraint(ValidatingAdmissionPolicy.KIND, p.name(), Match.ALL,
                    EnforcementAction.DENY, List.of(), null, p.object()));
        }
        this.byPolicy = Map.copyOf(constraints);
    }

    List<ConstraintViolation> of(PolicyOutcome outcome) {
        List<ConstraintViolation> out = new ArrayList<>(outcome.failures().size());
        for (PolicyFailure f : outcome.failures()) {
            Constraint constraint = byPolicy.get(f.policy());
            if (constraint == null) {
                continue;
            }
            JsonNode details = details(f);
            for (ValidationAction action : f.actions()) {
                EnforcementAction mapped = switch (action) {
                    case DENY -> EnforcementAction.DENY;
                    case WARN -> EnforcementAction.WARN;
                    case AUDIT -> EnforcementAction.DRYRUN;
                };
                out.add(new ConstraintViolation(constraint, mapped, f.message(), details, false));
            }
        }
        return out;
    }

    private static JsonNode details(PolicyFailure f) {
        ObjectNode details = JsonNodeFactory.instance.objectNode();
        details.put("policy", f.policy());
        details.put("binding", f.binding());
        details.put("expressionIndex", f.expressionIndex());
        var actions = details.putArray("validationActions");
        f.actions().forEach(a -> actions.add(a.value()));
        details.put("reason", f.reason());
        details.put("failure", f.kind().name().toLowerCase(java.util.Locale.ROOT));
        return details;
    }
}

package dev.gatehouse.policy.constraint;

import java.util.Optional;

/** Where a constraint is enforced, as named in {@code scopedEnforcementActions[].enforcementPoints[].name}. */
public enum EnforcementPoint {
    /** The validating admission webhook. */
    VALIDATION("validation.gatekeeper.sh"),
    /** The periodic audit of existing objects. */
    AUDIT("audit.gatekeeper.sh"),
    /** The offline CLI (gator; here {@code gatehouse verify} and friends). */
    GATOR("gator.gatekeeper.sh"),
    /** ValidatingAdmissionPolicy generated from the template. */
    VAP("vap.k8s.io");

    /** The name that selects every enforcement point. */
    public static final String ALL = "*";

    private final String pointName;

    EnforcementPoint(String pointName) {
        this.pointName = pointName;
    }

    /** The upstream name. */
    public String pointName() {
        return pointName;
    }

    /** The point with this upstream name. */
    public static Optional<EnforcementPoint> parse(String name) {
        for (EnforcementPoint p : values()) {
            if (p.pointName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}

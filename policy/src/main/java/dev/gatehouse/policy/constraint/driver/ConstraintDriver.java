package dev.gatehouse.policy.constraint.driver;

import dev.gatehouse.policy.constraint.Constraint;
import dev.gatehouse.policy.constraint.ConstraintException;
import dev.gatehouse.policy.constraint.ConstraintTemplate;
import java.util.List;

/**
 * One policy language behind the constraint framework (Gatekeeper's "driver"): compiles the part of a template
 * written for it once, then evaluates constraints of that template against reviews. The CEL driver
 * ({@code K8sNativeValidation}) and the Rego driver plug in here; the engine picks one per template.
 *
 * <p>Implementations are thread-safe; evaluation never throws for bad input or failing policies: failures are
 * violations (or nothing, where the template's failure policy says so).
 *
 * <pre>{@code
 * CompiledTemplate compiled = driver.compile(template);
 * List<Violation> violations = driver.evaluate(compiled, constraint, context);
 * }</pre>
 */
public interface ConstraintDriver {
    /** The code engine name this driver reads ({@code K8sNativeValidation}, {@code Rego}). */
    String engine();

    /** Whether the template has code for this driver. */
    boolean supports(ConstraintTemplate template);

    /**
     * Compiles the template's code for this engine.
     *
     * @throws ConstraintException when the code does not compile, naming the expression or module at fault
     */
    CompiledTemplate compile(ConstraintTemplate template) throws ConstraintException;

    /**
     * Evaluates one constraint of the compiled template's kind (the caller has already matched the object).
     *
     * @return the violations, in the policy's order; empty when the object complies
     */
    List<Violation> evaluate(CompiledTemplate compiled, Constraint constraint, ReviewContext context);
}

package dev.gatehouse.rego.ast;

import dev.gatehouse.rego.value.ObjectValue;
import java.util.List;

/**
 * A rule. The head ref is relative to {@code data} and already includes the package path
 * ({@code data.pkg.p}, {@code data.pkg.q[x].r}). Immutable.
 *
 * @param kind        single value, multi value (set member) or function
 * @param ref         full head ref starting with the {@code data} var
 * @param args        function parameters (empty unless {@link RuleKind#FUNCTION})
 * @param key         the set member for multi-value rules, else null
 * @param value       the value term (constant {@code true} when omitted); null for multi-value rules
 * @param assign      whether the head used {@code :=}
 * @param body        the body (empty for constants; an empty body is true)
 * @param isDefault   a {@code default} rule
 * @param elseRule    the next {@code else} branch or null
 * @param annotations METADATA blocks attached to this rule, parsed to objects
 * @param module      file name of the defining module
 */
public record Rule(
        RuleKind kind,
        Term.Ref ref,
        List<Term> args,
        Term key,
        Term value,
        boolean assign,
        Body body,
        boolean isDefault,
        Rule elseRule,
        List<ObjectValue> annotations,
        String module,
        Location location) {

    public Rule {
        args = List.copyOf(args);
        annotations = List.copyOf(annotations);
    }

    public Rule withBody(Body b) {
        return new Rule(kind, ref, args, key, value, assign, b, isDefault, elseRule, annotations, module, location);
    }

    public Rule withElse(Rule e) {
        return new Rule(kind, ref, args, key, value, assign, body, isDefault, e, annotations, module, location);
    }

    public Rule withHead(Term.Ref r, List<Term> a, Term k, Term v) {
        return new Rule(kind, r, a, k, v, assign, body, isDefault, elseRule, annotations, module, location);
    }

    public Rule withAnnotations(List<ObjectValue> a) {
        return new Rule(kind, ref, args, key, value, assign, body, isDefault, elseRule, a, module, location);
    }
}

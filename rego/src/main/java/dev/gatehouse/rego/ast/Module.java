package dev.gatehouse.rego.ast;

import dev.gatehouse.rego.value.ObjectValue;
import java.util.List;

/**
 * A parsed module. {@code regoV1Rules} is true when the module is v1 or imports {@code rego.v1}, so v1 checks apply.
 * Immutable.
 */
public record Module(
        String file,
        Term.Ref packagePath,
        List<Import> imports,
        List<Rule> rules,
        RegoVersion version,
        boolean regoV1Rules,
        List<ObjectValue> packageAnnotations,
        Location location) {

    public Module {
        imports = List.copyOf(imports);
        rules = List.copyOf(rules);
        packageAnnotations = List.copyOf(packageAnnotations);
    }

    public Module withRules(List<Rule> r) {
        return new Module(file, packagePath, imports, r, version, regoV1Rules, packageAnnotations, location);
    }
}

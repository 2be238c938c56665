package dev.gatehouse.rego.ast;

/** {@code import data.x.y as z}; alias may be null. */
public record Import(Term.Ref path, String alias, Location location) {
    /** The name the import binds in the module: the alias or the last path element. */
    public String boundName() {
        if (alias != null) {
            return alias;
        }
        if (path.operands().isEmpty()) {
            return Refs.headName(path);
        }
        Term last = path.operands().get(path.operands().size() - 1);
        return last instanceof Term.Scalar s && s.value() instanceof dev.gatehouse.rego.value.StringValue str ? str.value() : null;
    }
}

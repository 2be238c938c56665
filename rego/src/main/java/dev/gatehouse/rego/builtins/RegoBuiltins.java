package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.ast.RegoVersion;
import dev.gatehouse.rego.parser.ParseException;
import dev.gatehouse.rego.parser.Parser;
import java.util.List;

/**
 * {@code rego.parse_module}: parses Rego source (v1 syntax, as OPA 1.x) with the engine's parser and returns the
 * module as OPA's JSON AST ({@link ModuleJson}). Syntax errors become builtin errors carrying the parser's
 * {@code rego_parse_error} text. Stateless.
 */
final class RegoBuiltins implements BuiltinFamily {

    @Override
    public List<Builtin> builtins() {
        return List.of(Builtin.of(BuiltinDecl.builder("rego.parse_module").category("rego")
                .arg("filename", Types.STRING).arg("rego", Types.STRING)
                .result(Types.objectOf(Types.STRING, Types.ANY)).build(), (ctx, a) -> {
                    String file = Operands.string(a[0], 1);
                    String source = Operands.string(a[1], 2);
                    try {
                        return ModuleJson.module(Parser.parseModule(file, source, RegoVersion.V1));
                    } catch (ParseException e) {
                        throw BuiltinException.builtinError(e.getMessage());
                    }
                }));
    }
}

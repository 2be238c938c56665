package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.Value;
import java.util.List;

/**
 * {@code graphql.parse_query} and {@code graphql.parse_schema}: syntax-level GraphQL parsing with OPA's AST
 * shape and error texts ({@code Expected Name, found <EOF> in GraphQL string at location 1:2}). The builtins that
 * validate queries against schemas (is_valid, parse, parse_and_verify, schema_is_valid) are not provided.
 */
final class GraphqlBuiltins implements BuiltinFamily {

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.of(BuiltinDecl.builder("graphql.parse_query").category("graphql").arg("query", Types.STRING)
                        .result(Types.ANY_OBJECT).build(),
                        (ctx, a) -> parse(Operands.string(a[0], 1), false)),
                Builtin.of(BuiltinDecl.builder("graphql.parse_schema").category("graphql").arg("schema", Types.STRING)
                        .result(Types.ANY_OBJECT).build(),
                        (ctx, a) -> parse(Operands.string(a[0], 1), true)));
    }

    static Value parse(String text, boolean schema) {
        try {
            GraphqlParser p = new GraphqlParser(text);
            return schema ? p.parseSchema() : p.parseQuery();
        } catch (GraphqlParser.SyntaxError e) {
            throw BuiltinException.builtinError(e.getMessage() + " in GraphQL string at location " + e.line + ":"
                    + e.column);
        }
    }
}

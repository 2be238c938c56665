package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.List;

/**
 * {@code graphql.parse_query} and {@code graphql.parse_schema}: syntax-level GraphQL parsing with OPA's AST
 * shape and error texts ({@code Expected Name, found <EOF> in GraphQL string at location 1:2}), and
 * {@code graphql.schema_is_valid} (syntax plus the type-system rules of {@link GraphqlSchemaValidator}). The
 * builtins that validate queries against schemas (is_valid, parse, parse_and_verify) are not provided.
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
                        (ctx, a) -> parse(Operands.string(a[0], 1), true)),
                Builtin.of(BuiltinDecl.builder("graphql.schema_is_valid").category("graphql")
                        .arg("schema", Types.anyOf(Types.STRING, Types.ANY_OBJECT)).result(Types.BOOLEAN).build(),
                        GraphqlBuiltins::schemaIsValid));
    }

    /** A schema string, or an AST object as parse_schema returns it. */
    static Value schemaIsValid(BuiltinContext ctx, Value[] a) {
        ObjectValue doc;
        switch (a[0]) {
            case StringValue s -> {
                try {
                    doc = new GraphqlParser(s.value()).parseSchema();
                } catch (GraphqlParser.SyntaxError e) {
                    return BooleanValue.FALSE;
                }
            }
            case ObjectValue o -> doc = o;
            default -> throw Operands.typeError(1, a[0], "string", "object");
        }
        try {
            return BooleanValue.of(GraphqlSchemaValidator.validate(doc) == null);
        } catch (ClassCastException | NullPointerException malformedAst) {
            return BooleanValue.FALSE;
        }
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

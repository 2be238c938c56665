package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.List;

/**
 * The GraphQL builtins: {@code graphql.parse_query} and {@code graphql.parse_schema} (syntax, with OPA's AST
 * shape and error texts such as {@code Expected Name, found <EOF> in GraphQL string at location 1:2});
 * {@code graphql.schema_is_valid} (plus the type-system rules of {@link GraphqlSchemaValidator}); and
 * {@code graphql.is_valid}, {@code graphql.parse}, {@code graphql.parse_and_verify}, which check a query against
 * a schema with {@link GraphqlQueryValidator}'s rules. Queries and schemas may be given as text or as ASTs.
 * Stateless.
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
                Builtin.of(BuiltinDecl.builder("graphql.is_valid").category("graphql").arg("query", EITHER)
                        .arg("schema", EITHER).result(Types.BOOLEAN).build(), (ctx, a) -> {
                            try {
                                verified(a[0], a[1]);
                                return BooleanValue.TRUE;
                            } catch (BuiltinException e) {
                                return BooleanValue.FALSE;
                            }
                        }),
                Builtin.of(BuiltinDecl.builder("graphql.parse").category("graphql").arg("query", EITHER)
                        .arg("schema", EITHER).result(Types.ANY_ARRAY).build(), (ctx, a) -> {
                            ObjectValue[] docs = verified(a[0], a[1]);
                            return ArrayValue.of(docs[0], docs[1]);
                        }),
                Builtin.of(BuiltinDecl.builder("graphql.parse_and_verify").category("graphql").arg("query", EITHER)
                        .arg("schema", EITHER).result(Types.ANY_ARRAY).build(), (ctx, a) -> {
                            try {
                                ObjectValue[] docs = verified(a[0], a[1]);
                                return ArrayValue.of(BooleanValue.TRUE, docs[0], docs[1]);
                            } catch (BuiltinException e) {
                                return ArrayValue.of(BooleanValue.FALSE, ObjectValue.EMPTY, ObjectValue.EMPTY);
                            }
                        }),
                Builtin.of(BuiltinDecl.builder("graphql.schema_is_valid").category("graphql")
                        .arg("schema", Types.anyOf(Types.STRING, Types.ANY_OBJECT)).result(Types.BOOLEAN).build(),
                        GraphqlBuiltins::schemaIsValid));
    }

    private static final Type EITHER = Types.anyOf(Types.STRING, Types.ANY_OBJECT);

    /** Parses (when given text) and validates a query against a schema: {query AST, schema AST}. */
    static ObjectValue[] verified(Value queryArg, Value schemaArg) {
        ObjectValue schemaDoc = document(schemaArg, 2, true, null);
        GraphqlParser queryParser = queryArg instanceof StringValue s ? new GraphqlParser(s.value()) : null;
        ObjectValue queryDoc = document(queryArg, 1, false, queryParser);
        GraphqlSchemaValidator.Schema schema;
        try {
            schema = GraphqlSchemaValidator.load(schemaDoc);
        } catch (IllegalStateException | ClassCastException | NullPointerException e) {
            throw BuiltinException.builtinError("invalid schema: " + e.getMessage());
        }
        try {
            GraphqlQueryValidator.validate(queryDoc, schema,
                    queryParser == null ? java.util.Map.of() : queryParser.positions);
        } catch (GraphqlQueryValidator.Invalid e) {
            throw BuiltinException.builtinError(e.getMessage() + (e.line > 0
                    ? " in GraphQL string at location " + e.line + ":" + e.column : ""));
        } catch (ClassCastException | NullPointerException e) {
            throw BuiltinException.builtinError("invalid query AST");
        }
        return new ObjectValue[] {queryDoc, schemaDoc};
    }

    private static ObjectValue document(Value v, int pos, boolean schema, GraphqlParser parser) {
        switch (v) {
            case StringValue s -> {
                try {
                    GraphqlParser p = parser != null ? parser : new GraphqlParser(s.value());
                    return schema ? p.parseSchema() : p.parseQuery();
                } catch (GraphqlParser.SyntaxError e) {
                    throw BuiltinException.builtinError(e.getMessage() + " in GraphQL string at location " + e.line
                            + ":" + e.column);
                }
            }
            case ObjectValue o -> {
                return o;
            }
            default -> throw Operands.typeError(pos, v, "string", "object");
        }
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

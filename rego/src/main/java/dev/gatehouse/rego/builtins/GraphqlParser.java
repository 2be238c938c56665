package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A GraphQL parser for executable documents and schema definition language that produces the AST as OPA
 * reports it (vektah/gqlparser's JSON field names, positions left out) and gqlparser's syntax errors
 * ({@code Expected Name, found <EOF>}) with their line and column. One instance parses one document; not
 * thread-safe.
 */
final class GraphqlParser {

    /** A syntax error at a 1-based line and column. */
    static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        SyntaxError(String message, int line, int column) {
            super(message, null, false, false);
            this.line = line;
            this.column = column;
        }
    }

    private enum Kind {
        INVALID("<Invalid>"), EOF("<EOF>"), BANG("!"), DOLLAR("$"), AMP("&"), PAREN_L("("), PAREN_R(")"),
        SPREAD("..."), COLON(":"), EQUALS("="), AT("@"), BRACKET_L("["), BRACKET_R("]"), BRACE_L("{"), PIPE("|"),
        BRACE_R("}"), NAME("Name"), INT("Int"), FLOAT("Float"), STRING("String"), BLOCK_STRING("BlockString");

        final String text;

        Kind(String text) {
            this.text = text;
        }
    }

    private record Token(Kind kind, String value, int line, int column) {
        @Override
        public String toString() {
            return value.isEmpty() ? kind.text : kind.text + " " + GoFormat.quote(value);
        }
    }

    private static final Set<String> LOCATIONS = Set.of("QUERY", "MUTATION", "SUBSCRIPTION", "FIELD",
            "FRAGMENT_DEFINITION", "FRAGMENT_SPREAD", "INLINE_FRAGMENT", "VARIABLE_DEFINITION", "SCHEMA", "SCALAR",
            "OBJECT", "FIELD_DEFINITION", "ARGUMENT_DEFINITION", "INTERFACE", "UNION", "ENUM", "ENUM_VALUE",
            "INPUT_OBJECT", "INPUT_FIELD_DEFINITION");

    /** Where each field node began (the AST itself carries no positions, as in OPA's output). */
    final java.util.IdentityHashMap<Value, int[]> positions = new java.util.IdentityHashMap<>();

    /** Nesting beyond this is refused so hostile input cannot exhaust the Java stack. */
    private static final int MAX_DEPTH = 256;

    private final int[] src;
    private int depth;
    private int pos;
    private int line = 1;
    private int lineStart;
    private Token peeked;
    private Token prev;

    GraphqlParser(String source) {
        this.src = source.codePoints().toArray();
    }

    // ---- lexer ----

    private Token read() {
        while (pos < src.length) {
            int c = src[pos];
            if (c == ' ' || c == '\t' || c == ',' || c == 0xfeff) {
                pos++;
            } else if (c == '\n') {
                pos++;
                newline();
            } else if (c == '\r') {
                pos++;
                if (pos < src.length && src[pos] == '\n') {
                    pos++;
                }
                newline();
            } else if (c == '#') {
                while (pos < src.length && src[pos] != '\n' && src[pos] != '\r') {
                    pos++;
                }
            } else {
                break;
            }
        }
        int tl = line;
        int tc = pos - lineStart + 1;
        if (pos >= src.length) {
            return new Token(Kind.EOF, "", tl, tc);
        }
        int c = src[pos];
        Kind punct = switch (c) {
            case '!' -> Kind.BANG;
            case '$' -> Kind.DOLLAR;
            case '&' -> Kind.AMP;
            case '(' -> Kind.PAREN_L;
            case ')' -> Kind.PAREN_R;
            case ':' -> Kind.COLON;
            case '=' -> Kind.EQUALS;
            case '@' -> Kind.AT;
            case '[' -> Kind.BRACKET_L;
            case ']' -> Kind.BRACKET_R;
            case '{' -> Kind.BRACE_L;
            case '|' -> Kind.PIPE;
            case '}' -> Kind.BRACE_R;
            default -> null;
        };
        if (punct != null) {
            pos++;
            return new Token(punct, "", tl, tc);
        }
        if (c == '.') {
            if (pos + 2 < src.length && src[pos + 1] == '.' && src[pos + 2] == '.') {
                pos += 3;
                return new Token(Kind.SPREAD, "", tl, tc);
            }
            return new Token(Kind.INVALID, "", tl, tc);
        }
        if (c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            int start = pos;
            while (pos < src.length && (src[pos] == '_' || Character.isLetterOrDigit(src[pos]) && src[pos] < 0x80)) {
                pos++;
            }
            return new Token(Kind.NAME, new String(src, start, pos - start), tl, tc);
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            return number(tl, tc);
        }
        if (c == '"') {
            // gqlparser positions string tokens after their opening quotes.
            if (pos + 2 < src.length && src[pos + 1] == '"' && src[pos + 2] == '"') {
                return blockString(tl, tc + 3);
            }
            return string(tl, tc + 1);
        }
        return new Token(Kind.INVALID, "", tl, tc);
    }

    private void newline() {
        line++;
        lineStart = pos;
    }

    private Token invalidHere() {
        return new Token(Kind.INVALID, "", line, pos - lineStart + 1);
    }

    private Token number(int tl, int tc) {
        int start = pos;
        boolean isFloat = false;
        if (src[pos] == '-') {
            pos++;
        }
        if (pos < src.length && src[pos] == '0') {
            pos++;
            if (pos < src.length && src[pos] >= '0' && src[pos] <= '9') {
                return invalidHere();
            }
        } else if (!digits()) {
            return invalidHere();
        }
        if (pos < src.length && src[pos] == '.') {
            isFloat = true;
            pos++;
            if (!digits()) {
                return invalidHere();
            }
        }
        if (pos < src.length && (src[pos] == 'e' || src[pos] == 'E')) {
            isFloat = true;
            pos++;
            if (pos < src.length && (src[pos] == '+' || src[pos] == '-')) {
                pos++;
            }
            if (!digits()) {
                return invalidHere();
            }
        }
        return new Token(isFloat ? Kind.FLOAT : Kind.INT, new String(src, start, pos - start), tl, tc);
    }

    private boolean digits() {
        int start = pos;
        while (pos < src.length && src[pos] >= '0' && src[pos] <= '9') {
            pos++;
        }
        return pos > start;
    }

    private Token string(int tl, int tc) {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (pos < src.length) {
            int c = src[pos];
            if (c == '"') {
                pos++;
                return new Token(Kind.STRING, sb.toString(), tl, tc);
            }
            if (c == '\n' || c == '\r') {
                return invalidHere();
            }
            if (c == '\\') {
                if (pos + 1 >= src.length) {
                    pos++;
                    return invalidHere();
                }
                int e = src[pos + 1];
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> {
                        if (pos + 5 >= src.length) {
                            return invalidHere();
                        }
                        String hex = new String(src, pos + 2, 4);
                        if (!hex.matches("[0-9a-fA-F]{4}")) {
                            return invalidHere();
                        }
                        sb.append((char) Integer.parseInt(hex, 16));
                        pos += 4;
                    }
                    default -> {
                        return invalidHere();
                    }
                }
                pos += 2;
                continue;
            }
            sb.appendCodePoint(c);
            pos++;
        }
        return invalidHere();
    }

    private Token blockString(int tl, int tc) {
        pos += 3;
        StringBuilder raw = new StringBuilder();
        while (pos < src.length) {
            if (src[pos] == '"' && pos + 2 < src.length && src[pos + 1] == '"' && src[pos + 2] == '"') {
                pos += 3;
                return new Token(Kind.BLOCK_STRING, blockValue(raw.toString()), tl, tc);
            }
            if (src[pos] == '\\' && pos + 3 < src.length && src[pos + 1] == '"' && src[pos + 2] == '"'
                    && src[pos + 3] == '"') {
                raw.append("\"\"\"");
                pos += 4;
                continue;
            }
            int c = src[pos++];
            if (c == '\n') {
                newline();
            } else if (c == '\r') {
                if (pos < src.length && src[pos] == '\n') {
                    raw.append('\r');
                    c = src[pos++];
                }
                newline();
            }
            raw.appendCodePoint(c);
        }
        return invalidHere();
    }

    /** The GraphQL spec's BlockStringValue: common indentation and blank first/last lines removed. */
    private static String blockValue(String raw) {
        String[] lines = raw.split("\r\n|\n|\r", -1);
        int common = Integer.MAX_VALUE;
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i];
            int indent = 0;
            while (indent < l.length() && (l.charAt(indent) == ' ' || l.charAt(indent) == '\t')) {
                indent++;
            }
            if (indent < l.length() && indent < common) {
                common = indent;
            }
        }
        List<String> out = new ArrayList<>(List.of(lines));
        if (common != Integer.MAX_VALUE) {
            for (int i = 1; i < out.size(); i++) {
                String l = out.get(i);
                out.set(i, l.length() >= common ? l.substring(common) : "");
            }
        }
        while (!out.isEmpty() && out.get(0).isBlank()) {
            out.remove(0);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isBlank()) {
            out.remove(out.size() - 1);
        }
        return String.join("\n", out);
    }

    // ---- parser helpers (gqlparser's peek/next/skip/expect/many/some) ----

    private Token peek() {
        if (peeked == null) {
            peeked = read();
        }
        return peeked;
    }

    private Token next() {
        Token t = peek();
        peeked = null;
        prev = t;
        return t;
    }

    private boolean skip(Kind kind) {
        if (peek().kind() != kind) {
            return false;
        }
        next();
        return true;
    }

    private SyntaxError error(Token at, String message) {
        return new SyntaxError(message, at.line(), at.column());
    }

    private Token expect(Kind kind) {
        Token t = peek();
        if (t.kind() == kind) {
            return next();
        }
        throw error(t, "Expected " + kind.text + ", found " + t.kind().text);
    }

    private void expectKeyword(String value) {
        Token t = peek();
        if (t.kind() == Kind.NAME && t.value().equals(value)) {
            next();
            return;
        }
        throw error(t, "Expected " + GoFormat.quote(value) + ", found " + t);
    }

    private SyntaxError unexpected(Token t) {
        return error(t, "Unexpected " + t);
    }

    private List<Value> many(Kind start, Kind end, java.util.function.Supplier<Value> item) {
        if (!skip(start)) {
            return null;
        }
        List<Value> out = new ArrayList<>();
        while (peek().kind() != end) {
            out.add(item.get());
        }
        next();
        return out;
    }

    private List<Value> some(Kind start, Kind end, java.util.function.Supplier<Value> item) {
        if (!skip(start)) {
            return null;
        }
        List<Value> out = new ArrayList<>();
        while (peek().kind() != end) {
            out.add(item.get());
        }
        if (out.isEmpty()) {
            throw error(peek(), "expected at least one definition, found " + peek().kind().text);
        }
        next();
        return out;
    }

    private String name() {
        return expect(Kind.NAME).value();
    }

    /** An object without null entries (OPA drops Go's nil fields). */
    private static final class Obj {
        private final ObjectValue.Builder b = ObjectValue.builder();

        Obj put(String k, Object v) {
            switch (v) {
                case null -> { }
                case Value value -> b.put(k, value);
                case String s -> b.put(k, StringValue.of(s));
                case Boolean bool -> b.put(k, BooleanValue.of(bool));
                case Integer i -> b.put(k, NumberValue.of(i));
                case List<?> list -> {
                    List<Value> vs = new ArrayList<>();
                    for (Object o : list) {
                        vs.add(o instanceof String s ? StringValue.of(s) : (Value) o);
                    }
                    b.put(k, ArrayValue.of(vs));
                }
                default -> throw new IllegalArgumentException(k);
            }
            return this;
        }

        ObjectValue build() {
            return b.build();
        }
    }

    // ---- executable documents ----

    ObjectValue parseQuery() {
        List<Value> operations = new ArrayList<>();
        List<Value> fragments = new ArrayList<>();
        while (peek().kind() != Kind.EOF) {
            Token t = peek();
            if (t.kind() == Kind.BRACE_L) {
                operations.add(operationDefinition());
            } else if (t.kind() == Kind.NAME) {
                switch (t.value()) {
                    case "query", "mutation", "subscription" -> operations.add(operationDefinition());
                    case "fragment" -> fragments.add(fragmentDefinition());
                    default -> throw unexpected(t);
                }
            } else {
                throw unexpected(t);
            }
        }
        return new Obj().put("Operations", operations.isEmpty() ? null : operations)
                .put("Fragments", fragments.isEmpty() ? null : fragments).build();
    }

    private Value operationDefinition() {
        if (peek().kind() == Kind.BRACE_L) {
            return new Obj().put("Operation", "query").put("Name", "").put("SelectionSet", requiredSelectionSet())
                    .build();
        }
        String op = operationType();
        String opName = peek().kind() == Kind.NAME ? next().value() : "";
        List<Value> vars = many(Kind.PAREN_L, Kind.PAREN_R, this::variableDefinition);
        List<Value> directives = directives(false);
        return new Obj().put("Operation", op).put("Name", opName).put("VariableDefinitions", vars)
                .put("Directives", directives).put("SelectionSet", requiredSelectionSet()).build();
    }

    private String operationType() {
        Token t = expect(Kind.NAME);
        return switch (t.value()) {
            case "query", "mutation", "subscription" -> t.value();
            default -> throw unexpected(t);
        };
    }

    private Value variableDefinition() {
        expect(Kind.DOLLAR);
        String variable = name();
        expect(Kind.COLON);
        Value type = typeReference();
        Value defaultValue = skip(Kind.EQUALS) ? valueLiteral(true) : null;
        return new Obj().put("Variable", variable).put("Type", type).put("DefaultValue", defaultValue)
                .put("Directives", directives(false)).put("Used", false).build();
    }

    private List<Value> requiredSelectionSet() {
        if (peek().kind() != Kind.BRACE_L) {
            throw error(peek(), "Expected " + Kind.BRACE_L.text + ", found " + peek().kind().text);
        }
        return some(Kind.BRACE_L, Kind.BRACE_R, this::selection);
    }

    private Value selection() {
        enter();
        try {
            return peek().kind() == Kind.SPREAD ? fragment() : field();
        } finally {
            depth--;
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error(peek(), "document is nested too deeply");
        }
    }

    private Value field() {
        Token start = peek();
        String alias = name();
        String fieldName = skip(Kind.COLON) ? name() : alias;
        List<Value> arguments = many(Kind.PAREN_L, Kind.PAREN_R, () -> argument(false));
        List<Value> directives = directives(false);
        List<Value> selections = peek().kind() == Kind.BRACE_L
                ? some(Kind.BRACE_L, Kind.BRACE_R, this::selection) : null;
        Value field = new Obj().put("Alias", alias).put("Name", fieldName).put("Arguments", arguments)
                .put("Directives", directives).put("SelectionSet", selections).build();
        positions.put(field, new int[] {start.line(), start.column()});
        return field;
    }

    private Value argument(boolean isConst) {
        String argName = name();
        expect(Kind.COLON);
        return new Obj().put("Name", argName).put("Value", valueLiteral(isConst)).build();
    }

    private Value fragment() {
        expect(Kind.SPREAD);
        Token t = peek();
        if (t.kind() == Kind.NAME && !t.value().equals("on")) {
            String fragName = fragmentName();
            return new Obj().put("Name", fragName).put("Directives", directives(false)).build();
        }
        String typeCondition = "";
        if (peek().value().equals("on")) {
            next();
            typeCondition = name();
        }
        List<Value> directives = directives(false);
        return new Obj().put("TypeCondition", typeCondition).put("Directives", directives)
                .put("SelectionSet", requiredSelectionSet()).build();
    }

    private String fragmentName() {
        if (peek().value().equals("on")) {
            throw unexpected(peek());
        }
        return name();
    }

    private Value fragmentDefinition() {
        expectKeyword("fragment");
        String fragName = fragmentName();
        List<Value> vars = many(Kind.PAREN_L, Kind.PAREN_R, this::variableDefinition);
        expectKeyword("on");
        String typeCondition = name();
        List<Value> directives = directives(false);
        return new Obj().put("Name", fragName).put("VariableDefinition", vars).put("TypeCondition", typeCondition)
                .put("Directives", directives).put("SelectionSet", requiredSelectionSet()).build();
    }

    private Value valueLiteral(boolean isConst) {
        enter();
        try {
            return valueLiteralAt(isConst);
        } finally {
            depth--;
        }
    }

    private Value valueLiteralAt(boolean isConst) {
        Token t = peek();
        int kind;
        switch (t.kind()) {
            case BRACKET_L -> {
                List<Value> items = many(Kind.BRACKET_L, Kind.BRACKET_R,
                        () -> new Obj().put("Name", "").put("Value", valueLiteral(isConst)).build());
                return value("", 8, items);
            }
            case BRACE_L -> {
                List<Value> fields = many(Kind.BRACE_L, Kind.BRACE_R, () -> {
                    String fieldName = name();
                    expect(Kind.COLON);
                    return new Obj().put("Name", fieldName).put("Value", valueLiteral(isConst)).build();
                });
                return value("", 9, fields);
            }
            case DOLLAR -> {
                if (isConst) {
                    throw unexpected(t);
                }
                next();
                return value(name(), 0, null);
            }
            case INT -> kind = 1;
            case FLOAT -> kind = 2;
            case STRING -> kind = 3;
            case BLOCK_STRING -> kind = 4;
            case NAME -> kind = switch (t.value()) {
                case "true", "false" -> 5;
                case "null" -> 6;
                default -> 7;
            };
            default -> throw unexpected(t);
        }
        next();
        return value(t.value(), kind, null);
    }

    private static Value value(String raw, int kind, List<Value> children) {
        return new Obj().put("Raw", raw).put("Children", children).put("Kind", kind)
                .put("ExpectedTypeHasDefault", false).build();
    }

    private List<Value> directives(boolean isConst) {
        List<Value> out = new ArrayList<>();
        while (peek().kind() == Kind.AT) {
            next();
            String directiveName = name();
            List<Value> arguments = many(Kind.PAREN_L, Kind.PAREN_R, () -> argument(isConst));
            out.add(new Obj().put("Name", directiveName).put("Arguments", arguments).put("Location", "").build());
        }
        return out.isEmpty() ? null : out;
    }

    private Value typeReference() {
        enter();
        try {
            return typeReferenceAt();
        } finally {
            depth--;
        }
    }

    private Value typeReferenceAt() {
        Obj type = new Obj();
        if (skip(Kind.BRACKET_L)) {
            type.put("Elem", typeReference());
            expect(Kind.BRACKET_R);
            type.put("NamedType", "");
        } else {
            type.put("NamedType", name());
        }
        type.put("NonNull", skip(Kind.BANG));
        return type.build();
    }

    // ---- schema documents ----

    ObjectValue parseSchema() {
        List<Value> schema = new ArrayList<>();
        List<Value> schemaExtension = new ArrayList<>();
        List<Value> directives = new ArrayList<>();
        List<Value> definitions = new ArrayList<>();
        List<Value> extensions = new ArrayList<>();
        while (peek().kind() != Kind.EOF) {
            String description = "";
            if (peek().kind() == Kind.STRING || peek().kind() == Kind.BLOCK_STRING) {
                description = next().value();
            }
            Token t = peek();
            if (t.kind() != Kind.NAME) {
                throw unexpected(t);
            }
            switch (t.value()) {
                case "scalar", "type", "interface", "union", "enum", "input" ->
                        definitions.add(typeDefinition(description, false));
                case "schema" -> {
                    expectKeyword("schema");
                    List<Value> dirs = directives(true);
                    List<Value> ops = some(Kind.BRACE_L, Kind.BRACE_R, this::operationTypeDefinition);
                    schema.add(new Obj().put("Description", description).put("Directives", dirs)
                            .put("OperationTypes", ops).build());
                }
                case "directive" -> directives.add(directiveDefinition(description));
                case "extend" -> {
                    if (!description.isEmpty()) {
                        throw unexpected(prev);
                    }
                    expectKeyword("extend");
                    Token kind = peek();
                    if (kind.kind() == Kind.NAME && kind.value().equals("schema")) {
                        next();
                        List<Value> dirs = directives(true);
                        List<Value> ops = some(Kind.BRACE_L, Kind.BRACE_R, this::operationTypeDefinition);
                        if (dirs == null && ops == null) {
                            throw unexpected(peek());
                        }
                        schemaExtension.add(new Obj().put("Description", "").put("Directives", dirs)
                                .put("OperationTypes", ops).build());
                    } else if (kind.kind() == Kind.NAME && Set.of("scalar", "type", "interface", "union", "enum",
                            "input").contains(kind.value())) {
                        extensions.add(typeDefinition("", true));
                    } else {
                        throw unexpected(kind);
                    }
                }
                default -> throw unexpected(t);
            }
        }
        return new Obj().put("Schema", schema.isEmpty() ? null : schema)
                .put("SchemaExtension", schemaExtension.isEmpty() ? null : schemaExtension)
                .put("Directives", directives.isEmpty() ? null : directives)
                .put("Definitions", definitions.isEmpty() ? null : definitions)
                .put("Extensions", extensions.isEmpty() ? null : extensions).build();
    }

    private Value operationTypeDefinition() {
        String op = operationType();
        expect(Kind.COLON);
        return new Obj().put("Operation", op).put("Type", name()).build();
    }

    private Value typeDefinition(String description, boolean extension) {
        String keyword = next().value();
        String typeName = name();
        Obj def = new Obj().put("Description", description).put("Name", typeName).put("BuiltIn", false);
        boolean empty;
        switch (keyword) {
            case "scalar" -> {
                List<Value> dirs = directives(true);
                def.put("Kind", "SCALAR").put("Directives", dirs);
                empty = dirs == null;
            }
            case "type", "interface" -> {
                List<String> interfaces = implementsInterfaces();
                List<Value> dirs = directives(true);
                List<Value> fields = some(Kind.BRACE_L, Kind.BRACE_R, this::fieldDefinition);
                def.put("Kind", keyword.equals("type") ? "OBJECT" : "INTERFACE").put("Interfaces", interfaces)
                        .put("Directives", dirs).put("Fields", fields);
                empty = interfaces == null && dirs == null && fields == null;
            }
            case "union" -> {
                List<Value> dirs = directives(true);
                List<String> types = null;
                if (skip(Kind.EQUALS)) {
                    skip(Kind.PIPE);
                    types = new ArrayList<>();
                    types.add(name());
                    while (skip(Kind.PIPE)) {
                        types.add(name());
                    }
                }
                def.put("Kind", "UNION").put("Directives", dirs).put("Types", types);
                empty = dirs == null && types == null;
            }
            case "enum" -> {
                List<Value> dirs = directives(true);
                List<Value> values = some(Kind.BRACE_L, Kind.BRACE_R, () -> {
                    String d = description();
                    String valueName = name();
                    return new Obj().put("Description", d).put("Name", valueName).put("Directives", directives(true))
                            .build();
                });
                def.put("Kind", "ENUM").put("Directives", dirs).put("EnumValues", values);
                empty = dirs == null && values == null;
            }
            default -> {
                List<Value> dirs = directives(true);
                List<Value> fields = some(Kind.BRACE_L, Kind.BRACE_R, this::inputValueDefinition);
                def.put("Kind", "INPUT_OBJECT").put("Directives", dirs).put("Fields", fields);
                empty = dirs == null && fields == null;
            }
        }
        if (extension && empty) {
            throw unexpected(peek());
        }
        return def.build();
    }

    private String description() {
        Kind k = peek().kind();
        return k == Kind.STRING || k == Kind.BLOCK_STRING ? next().value() : "";
    }

    private List<String> implementsInterfaces() {
        if (!peek().value().equals("implements") || peek().kind() != Kind.NAME) {
            return null;
        }
        next();
        skip(Kind.AMP);
        List<String> types = new ArrayList<>();
        types.add(name());
        while (skip(Kind.AMP)) {
            types.add(name());
        }
        return types;
    }

    private Value fieldDefinition() {
        String d = description();
        String fieldName = name();
        List<Value> arguments = many(Kind.PAREN_L, Kind.PAREN_R, this::inputValueDefinition);
        expect(Kind.COLON);
        Value type = typeReference();
        return new Obj().put("Description", d).put("Name", fieldName).put("Arguments", arguments).put("Type", type)
                .put("Directives", directives(true)).build();
    }

    private Value inputValueDefinition() {
        String d = description();
        String valueName = name();
        expect(Kind.COLON);
        Value type = typeReference();
        Value defaultValue = skip(Kind.EQUALS) ? valueLiteral(true) : null;
        return new Obj().put("Description", d).put("Name", valueName).put("Type", type)
                .put("DefaultValue", defaultValue).put("Directives", directives(true)).build();
    }

    private Value directiveDefinition(String description) {
        expectKeyword("directive");
        expect(Kind.AT);
        String directiveName = name();
        List<Value> arguments = many(Kind.PAREN_L, Kind.PAREN_R, this::inputValueDefinition);
        boolean repeatable = false;
        if (peek().kind() == Kind.NAME && peek().value().equals("repeatable")) {
            repeatable = true;
            next();
        }
        expectKeyword("on");
        skip(Kind.PIPE);
        List<String> locations = new ArrayList<>();
        locations.add(directiveLocation());
        while (skip(Kind.PIPE)) {
            locations.add(directiveLocation());
        }
        return new Obj().put("Description", description).put("Name", directiveName).put("Arguments", arguments)
                .put("Locations", locations).put("IsRepeatable", repeatable).build();
    }

    private String directiveLocation() {
        Token t = expect(Kind.NAME);
        if (LOCATIONS.contains(t.value())) {
            return t.value();
        }
        throw unexpected(t);
    }
}

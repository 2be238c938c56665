package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NullValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The subset of Go's {@code text/template} that {@code strings.render_template} policies use: field paths
 * ({@code {{.a.b}}}), variables, {@code if}/{@code else}/{@code range}/{@code with}/{@code end} and trim markers.
 * A missing field renders as {@code <undefined>}, as OPA does. Stateless; each call parses afresh.
 */
final class GoTemplate {
    private GoTemplate() {}

    private sealed interface Node permits TextNode, Print, Block {}
    private record TextNode(String text) implements Node {}
    private record Print(String pipeline) implements Node {}
    /** kind: if, range, with; vars: declared range variables; elseBody may be empty. */
    private record Block(String kind, String pipeline, List<String> vars, List<Node> body, List<Node> elseBody)
            implements Node {}

    private static final Value UNDEFINED = null;

    static String render(String template, ObjectValue vars) {
        List<String> tokens = tokenize(template);
        int[] pos = {0, 0};
        List<Node> nodes = parse(tokens, pos, false);
        if (pos[0] < tokens.size()) {
            throw BuiltinException.builtinError("template: unexpected {{" + tokens.get(pos[0]) + "}}");
        }
        StringBuilder out = new StringBuilder();
        exec(nodes, vars, new HashMap<>(Map.of("$", vars)), out);
        return out.toString();
    }

    /** Alternating text and action tokens; actions are marked with a leading NUL. */
    private static List<String> tokenize(String t) {
        List<String> out = new ArrayList<>();
        int i = 0;
        StringBuilder text = new StringBuilder();
        while (i < t.length()) {
            int open = t.indexOf("{{", i);
            if (open < 0) {
                text.append(t, i, t.length());
                break;
            }
            text.append(t, i, open);
            int close = t.indexOf("}}", open + 2);
            if (close < 0) {
                throw BuiltinException.builtinError("template: unclosed action");
            }
            String action = t.substring(open + 2, close);
            if (action.startsWith("- ")) {
                int end = text.length();
                while (end > 0 && Character.isWhitespace(text.charAt(end - 1))) {
                    end--;
                }
                text.setLength(end);
                action = action.substring(2);
            }
            boolean trimAfter = action.endsWith(" -");
            if (trimAfter) {
                action = action.substring(0, action.length() - 2);
            }
            out.add(text.toString());
            text.setLength(0);
            out.add("\0" + action.trim());
            i = close + 2;
            if (trimAfter) {
                while (i < t.length() && Character.isWhitespace(t.charAt(i))) {
                    i++;
                }
            }
        }
        out.add(text.toString());
        return out;
    }

    /** Block nesting beyond this is refused so hostile templates cannot exhaust the Java stack. */
    private static final int MAX_NESTING = 100;

    /** pos[0] is the token index, pos[1] the current block nesting depth. */
    private static List<Node> parse(List<String> tokens, int[] pos, boolean inBlock) {
        if (++pos[1] > MAX_NESTING) {
            throw BuiltinException.builtinError("template: blocks nested too deeply");
        }
        try {
            return parseBlock(tokens, pos, inBlock);
        } finally {
            pos[1]--;
        }
    }

    private static List<Node> parseBlock(List<String> tokens, int[] pos, boolean inBlock) {
        List<Node> nodes = new ArrayList<>();
        while (pos[0] < tokens.size()) {
            String tok = tokens.get(pos[0]);
            if (!tok.startsWith("\0")) {
                if (!tok.isEmpty()) {
                    nodes.add(new TextNode(tok));
                }
                pos[0]++;
                continue;
            }
            String action = tok.substring(1);
            if (action.startsWith("/*")) {
                pos[0]++;
                continue;
            }
            if (action.equals("end") || action.equals("else") || action.startsWith("else ")) {
                if (!inBlock) {
                    throw BuiltinException.builtinError("template: unexpected {{" + action + "}}");
                }
                return nodes;
            }
            pos[0]++;
            String kind = firstWord(action);
            if (kind.equals("if") || kind.equals("range") || kind.equals("with")) {
                String rest = action.substring(kind.length()).trim();
                List<String> vars = new ArrayList<>();
                int decl = rest.indexOf(":=");
                if (decl >= 0) {
                    for (String v : rest.substring(0, decl).split(",")) {
                        vars.add(v.trim());
                    }
                    rest = rest.substring(decl + 2).trim();
                }
                List<Node> body = parse(tokens, pos, true);
                List<Node> elseBody = List.of();
                if (pos[0] >= tokens.size()) {
                    throw BuiltinException.builtinError("template: unexpected EOF");
                }
                String terminator = tokens.get(pos[0]).substring(1);
                pos[0]++;
                if (terminator.startsWith("else if ")) {
                    // else if X ... end == else { if X ... end }
                    tokens.set(pos[0] - 1, "\0" + terminator.substring(5));
                    pos[0]--;
                    elseBody = parseElseIf(tokens, pos);
                } else if (terminator.equals("else")) {
                    elseBody = parse(tokens, pos, true);
                    if (pos[0] >= tokens.size() || !tokens.get(pos[0]).equals("\0end")) {
                        throw BuiltinException.builtinError("template: expected end");
                    }
                    pos[0]++;
                }
                nodes.add(new Block(kind, rest, vars, body, elseBody));
            } else {
                nodes.add(new Print(action));
            }
        }
        if (inBlock) {
            throw BuiltinException.builtinError("template: unexpected EOF");
        }
        return nodes;
    }

    /** Parses a rewritten "if X" token (from "else if X") up to and including the shared end. */
    private static List<Node> parseElseIf(List<String> tokens, int[] pos) {
        List<Node> out = new ArrayList<>();
        String action = tokens.get(pos[0]).substring(1);
        pos[0]++;
        String rest = action.substring(2).trim();
        List<Node> body = parse(tokens, pos, true);
        String terminator = tokens.get(pos[0]).substring(1);
        pos[0]++;
        List<Node> elseBody = List.of();
        if (terminator.startsWith("else if ")) {
            tokens.set(pos[0] - 1, "\0" + terminator.substring(5));
            pos[0]--;
            elseBody = parseElseIf(tokens, pos);
        } else if (terminator.equals("else")) {
            elseBody = parse(tokens, pos, true);
            pos[0]++;
        }
        out.add(new Block("if", rest, List.of(), body, elseBody));
        return out;
    }

    private static String firstWord(String s) {
        int i = 0;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return s.substring(0, i);
    }

    private static void exec(List<Node> nodes, Value dot, Map<String, Value> vars, StringBuilder out) {
        for (Node n : nodes) {
            switch (n) {
                case TextNode t -> out.append(t.text());
                case Print p -> {
                    String pipeline = p.pipeline();
                    int decl = pipeline.indexOf(":=");
                    if (decl > 0 && pipeline.startsWith("$")) {
                        vars.put(pipeline.substring(0, decl).trim(), eval(pipeline.substring(decl + 2).trim(), dot, vars));
                    } else {
                        out.append(print(eval(pipeline, dot, vars)));
                    }
                }
                case Block b -> execBlock(b, dot, vars, out);
            }
        }
    }

    private static void execBlock(Block b, Value dot, Map<String, Value> vars, StringBuilder out) {
        Value v = eval(b.pipeline(), dot, vars);
        switch (b.kind()) {
            case "if" -> exec(truthy(v) ? b.body() : b.elseBody(), dot, vars, out);
            case "with" -> {
                if (truthy(v)) {
                    exec(b.body(), v, vars, out);
                } else {
                    exec(b.elseBody(), dot, vars, out);
                }
            }
            default -> {
                List<Value[]> items = new ArrayList<>();
                switch (v) {
                    case ArrayValue a -> {
                        for (int i = 0; i < a.size(); i++) {
                            items.add(new Value[] {NumberValue.of(i), a.get(i)});
                        }
                    }
                    case SetValue s -> {
                        int i = 0;
                        for (Value e : s) {
                            items.add(new Value[] {NumberValue.of(i++), e});
                        }
                    }
                    case ObjectValue o -> {
                        for (int i = 0; i < o.size(); i++) {
                            items.add(new Value[] {o.keyAt(i), o.valueAt(i)});
                        }
                    }
                    case null -> { }
                    default -> throw BuiltinException.builtinError("template: range can't iterate over " + print(v));
                }
                if (items.isEmpty()) {
                    exec(b.elseBody(), dot, vars, out);
                    return;
                }
                for (Value[] kv : items) {
                    Map<String, Value> scope = new HashMap<>(vars);
                    if (b.vars().size() == 1) {
                        scope.put(b.vars().get(0), kv[1]);
                    } else if (b.vars().size() == 2) {
                        scope.put(b.vars().get(0), kv[0]);
                        scope.put(b.vars().get(1), kv[1]);
                    }
                    exec(b.body(), kv[1], scope, out);
                }
            }
        }
    }

    private static boolean truthy(Value v) {
        return switch (v) {
            case null -> false;
            case NullValue n -> false;
            case BooleanValue b -> b.value();
            case NumberValue n -> n.signum() != 0;
            case StringValue s -> !s.value().isEmpty();
            case ArrayValue a -> !a.isEmpty();
            case SetValue s -> !s.isEmpty();
            case ObjectValue o -> !o.isEmpty();
        };
    }

    private static Value eval(String expr, Value dot, Map<String, Value> vars) {
        String e = expr.trim();
        if (e.startsWith("\"") && e.endsWith("\"") && e.length() >= 2) {
            return StringValue.of(e.substring(1, e.length() - 1));
        }
        if (e.equals("true") || e.equals("false")) {
            return BooleanValue.of(e.equals("true"));
        }
        if (!e.isEmpty() && (Character.isDigit(e.charAt(0)) || e.charAt(0) == '-')) {
            try {
                return NumberValue.parse(e);
            } catch (NumberFormatException ignored) {
                throw BuiltinException.builtinError("template: bad number syntax: " + e);
            }
        }
        Value base;
        String path;
        if (e.startsWith("$")) {
            int dotAt = e.indexOf('.');
            String name = dotAt < 0 ? e : e.substring(0, dotAt);
            if (!vars.containsKey(name)) {
                throw BuiltinException.builtinError("template: undefined variable \"" + name + "\"");
            }
            base = vars.get(name);
            path = dotAt < 0 ? "" : e.substring(dotAt);
        } else if (e.startsWith(".")) {
            base = dot;
            path = e;
        } else {
            throw BuiltinException.builtinError("template: function \"" + firstWord(e) + "\" not defined");
        }
        Value cur = base;
        for (String field : path.split("\\.")) {
            if (field.isEmpty()) {
                continue;
            }
            if (!(cur instanceof ObjectValue o)) {
                return UNDEFINED;
            }
            cur = o.get(field);
            if (cur == null) {
                return UNDEFINED;
            }
        }
        return cur;
    }

    /** Go's default printing of the decoded JSON value. */
    private static String print(Value v) {
        return switch (v) {
            case null -> "<undefined>";
            case NullValue n -> "<nil>";
            case StringValue s -> s.value();
            case ArrayValue a -> {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < a.size(); i++) {
                    sb.append(i > 0 ? " " : "").append(print(a.get(i)));
                }
                yield sb.append(']').toString();
            }
            case SetValue s -> {
                StringBuilder sb = new StringBuilder("[");
                boolean first = true;
                for (Value e : s) {
                    sb.append(first ? "" : " ").append(print(e));
                    first = false;
                }
                yield sb.append(']').toString();
            }
            case ObjectValue o -> {
                StringBuilder sb = new StringBuilder("map[");
                for (int i = 0; i < o.size(); i++) {
                    sb.append(i > 0 ? " " : "").append(print(o.keyAt(i))).append(':').append(print(o.valueAt(i)));
                }
                yield sb.append(']').toString();
            }
            default -> v.toString();
        };
    }
}

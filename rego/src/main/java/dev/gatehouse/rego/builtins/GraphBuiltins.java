package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.Value;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Graph builtins (OPA's {@code walk.go}, {@code reachable.go}): {@code walk} enumerates every [path, value]
 * pair of a document (pre-order, children in value order); {@code graph.reachable} and
 * {@code graph.reachable_paths} follow adjacency objects. Stateless.
 */
final class GraphBuiltins implements BuiltinFamily {

    private static final Type VERTICES = Types.anyOf(Types.ANY_ARRAY, Types.ANY_SET);
    private static final Type GRAPH = Types.objectOf(Types.ANY, VERTICES);

    @Override
    public List<Builtin> builtins() {
        return List.of(
                Builtin.generator(BuiltinDecl.builder("walk").category("graph").arg("x", Types.ANY)
                        .result(Types.ANY_ARRAY).build(), (ctx, a, out) -> walk(ctx, a[0], out)),
                Builtin.of(BuiltinDecl.builder("graph.reachable").category("graph").arg("graph", GRAPH)
                        .arg("initial", VERTICES).result(Types.ANY_SET).build(), GraphBuiltins::reachable),
                Builtin.of(BuiltinDecl.builder("graph.reachable_paths").category("graph").arg("graph", GRAPH)
                        .arg("initial", VERTICES).result(Types.setOf(Types.ANY_ARRAY)).build(),
                        GraphBuiltins::reachablePaths));
    }

    /** Depth-first, with an explicit stack so deep documents cannot overflow the Java stack. */
    static void walk(BuiltinContext ctx, Value root, Predicate<Value> out) {
        record Frame(List<Value> path, Value value) {}
        ArrayDeque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(List.of(), root));
        long visited = 0;
        while (!stack.isEmpty()) {
            Frame f = stack.pop();
            if ((++visited & 0xfff) == 0 && ctx != null) {
                ctx.checkCancelled();
            }
            if (!out.test(ArrayValue.of(ArrayValue.of(f.path()), f.value()))) {
                return;
            }
            List<Frame> children = new ArrayList<>();
            switch (f.value()) {
                case ObjectValue o -> {
                    for (int i = 0; i < o.size(); i++) {
                        children.add(new Frame(append(f.path(), o.keyAt(i)), o.valueAt(i)));
                    }
                }
                case ArrayValue arr -> {
                    for (int i = 0; i < arr.size(); i++) {
                        children.add(new Frame(append(f.path(), dev.gatehouse.rego.value.NumberValue.of(i)), arr.get(i)));
                    }
                }
                case SetValue s -> {
                    for (Value e : s) {
                        children.add(new Frame(append(f.path(), e), e));
                    }
                }
                default -> { }
            }
            for (int i = children.size() - 1; i >= 0; i--) {
                stack.push(children.get(i));
            }
        }
    }

    private static List<Value> append(List<Value> path, Value key) {
        List<Value> out = new ArrayList<>(path.size() + 1);
        out.addAll(path);
        out.add(key);
        return out;
    }

    private static Iterable<Value> vertices(Value v) {
        return switch (v) {
            case ArrayValue arr -> arr;
            case SetValue s -> s;
            default -> List.of();
        };
    }

    private static Iterable<Value> initial(Value v) {
        if (!(v instanceof ArrayValue) && !(v instanceof SetValue)) {
            throw Operands.typeError(2, v, "{array, set}");
        }
        return vertices(v);
    }

    static Value reachable(BuiltinContext ctx, Value[] a) {
        ObjectValue graph = Operands.object(a[0], 1);
        ArrayDeque<Value> queue = new ArrayDeque<>();
        initial(a[1]).forEach(queue::add);
        SetValue.Builder reached = SetValue.builder();
        java.util.Set<Value> seen = new java.util.HashSet<>();
        while (!queue.isEmpty()) {
            Value node = queue.poll();
            Value edges = graph.get(node);
            if (edges != null && seen.add(node)) {
                for (Value n : vertices(edges)) {
                    if (!seen.contains(n)) {
                        queue.add(n);
                    }
                }
                reached.add(node);
            }
        }
        return reached.build();
    }

    static Value reachablePaths(BuiltinContext ctx, Value[] a) {
        ObjectValue graph = Operands.object(a[0], 1);
        SetValue.Builder result = SetValue.builder();
        for (Value node : initial(a[1])) {
            Value edges = graph.get(node);
            if (edges == null) {
                continue;
            }
            if (size(edges) >= 1) {
                for (Value neighbor : vertices(edges)) {
                    List<Value> path = new ArrayList<>();
                    path.add(node);
                    buildPaths(ctx, graph, neighbor, path, result, SetValue.of(node));
                }
            } else {
                result.add(ArrayValue.of(node));
            }
        }
        return result.build();
    }

    private static int size(Value edges) {
        return switch (edges) {
            case ArrayValue arr -> arr.size();
            case SetValue s -> s.size();
            default -> 0;
        };
    }

    /** Paths longer than this are refused rather than exhausting the Java stack. */
    private static final int MAX_PATH = 2000;

    private static void buildPaths(BuiltinContext ctx, ObjectValue graph, Value root, List<Value> path,
            SetValue.Builder result, SetValue reached) {
        if (ctx != null) {
            ctx.checkCancelled();
        }
        if (path.size() > MAX_PATH) {
            throw BuiltinException.builtinError("path longer than " + MAX_PATH + " nodes");
        }
        Value edges = graph.get(root);
        if (edges == null) {
            result.add(ArrayValue.of(path));
            return;
        }
        List<Value> extended = new ArrayList<>(path);
        extended.add(root);
        if (size(edges) == 0) {
            result.add(ArrayValue.of(extended));
            return;
        }
        SetValue nowReached = reached.add(root);
        for (Value neighbor : vertices(edges)) {
            if (nowReached.contains(neighbor)) {
                result.add(ArrayValue.of(extended));
            } else {
                buildPaths(ctx, graph, neighbor, extended, result, nowReached);
            }
        }
    }
}

package dev.gatehouse.rego;

import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Module;
import dev.gatehouse.rego.ast.Refs;
import dev.gatehouse.rego.ast.RegoVersion;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.builtins.Builtins;
import dev.gatehouse.rego.compiler.CompiledPolicy;
import dev.gatehouse.rego.compiler.CompiledQuery;
import dev.gatehouse.rego.compiler.Compiler;
import dev.gatehouse.rego.eval.EvalOptions;
import dev.gatehouse.rego.parser.Parser;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Entry point of the Rego engine: parse and compile modules once, then evaluate a query many times.
 *
 * <pre>{@code
 * PreparedQuery q = Rego.builder()
 *         .module("policy.rego", "package authz\nallow if input.user == \"admin\"")
 *         .query("data.authz.allow")
 *         .build();
 * List<QueryResult> rs = q.evaluate(ValueJson.parse("{\"user\":\"admin\"}"));
 * }</pre>
 *
 * The builder is not thread-safe; the {@link PreparedQuery} it builds is.
 */
public final class Rego {
    private Rego() {}

    public static Builder builder() {
        return new Builder();
    }

    /** Parses and compiles modules (name to source) with one Rego version. */
    public static CompiledPolicy compile(Map<String, String> modules, RegoVersion version, Builtins builtins) {
        List<Module> parsed = new ArrayList<>();
        for (Map.Entry<String, String> e : modules.entrySet()) {
            parsed.add(Parser.parseModule(e.getKey(), e.getValue(), version));
        }
        return Compiler.compile(parsed, builtins);
    }

    /** Evaluates a constant Rego term (which may contain sets), e.g. for test inputs. */
    public static Value evalTerm(String source) {
        Term t = Parser.parseTerm(source);
        Body body = new Body(List.of(new Expr.CallExpr(Refs.fromName("eq", t.location()),
                List.of(new Term.Var("x", t.location()), t), false, List.of(), t.location())), t.location());
        CompiledPolicy empty = Compiler.compile(List.of(), Builtins.standard());
        CompiledQuery q = Compiler.compileQuery(body, empty);
        var rows = dev.gatehouse.rego.eval.QueryEvaluator.evaluate(empty, q, null, null, EvalOptions.DEFAULT);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("term is undefined: " + source);
        }
        return rows.get(0).get("x");
    }

    /** Configuration for a prepared query. */
    public static final class Builder {
        private final Map<String, String> modules = new LinkedHashMap<>();
        private final List<Module> parsedModules = new ArrayList<>();
        private RegoVersion version = RegoVersion.V1;
        private Builtins builtins = Builtins.standard();
        private Value data = ObjectValue.EMPTY;
        private String query;
        private Body queryBody;
        private EvalOptions options = EvalOptions.DEFAULT;

        private Builder() {}

        /** Adds a module (parsed with the builder's Rego version). */
        public Builder module(String name, String source) {
            modules.put(name, source);
            return this;
        }

        /** Adds an already parsed module. */
        public Builder module(Module module) {
            parsedModules.add(module);
            return this;
        }

        public Builder regoVersion(RegoVersion v) {
            this.version = v;
            return this;
        }

        public Builder builtins(Builtins b) {
            this.builtins = b;
            return this;
        }

        public Builder data(Value d) {
            this.data = d;
            return this;
        }

        /** Base data as a JSON document. */
        public Builder data(String json) {
            this.data = ValueJson.parse(json);
            return this;
        }

        public Builder query(String q) {
            this.query = q;
            return this;
        }

        public Builder query(Body q) {
            this.queryBody = q;
            return this;
        }

        public Builder strictBuiltinErrors(boolean strict) {
            options = options.withStrict(strict);
            return this;
        }

        public Builder timeout(Duration timeout) {
            options = options.withTimeout(timeout);
            return this;
        }

        public Builder clock(Clock clock) {
            options = options.withClock(clock);
            return this;
        }

        public Builder printSink(Consumer<String> sink) {
            options = options.withPrint(sink);
            return this;
        }

        public Builder options(EvalOptions o) {
            options = o;
            return this;
        }

        /** Same as {@link #build()}. */
        public PreparedQuery prepare() {
            return build();
        }

        /**
         * Parses and compiles everything.
         *
         * @throws RegoException with {@code rego_parse_error} or compile error codes
         */
        public PreparedQuery build() {
            if (query == null && queryBody == null) {
                throw new IllegalStateException("a query is required");
            }
            List<Module> parsed = new ArrayList<>(parsedModules);
            for (Map.Entry<String, String> e : modules.entrySet()) {
                parsed.add(Parser.parseModule(e.getKey(), e.getValue(), version));
            }
            Body body = queryBody != null ? queryBody : Parser.parseQuery(query, version);
            // The policy serves this query only, so its smallest functions can be inlined.
            CompiledPolicy policy = Compiler.compileFor(parsed, builtins, List.of(body));
            QueryValueCapture capture = QueryValueCapture.of(body, policy);
            List<String> exprVars = capture.expressionVars();
            CompiledQuery compiled = Compiler.compileQuery(capture.body(), policy);
            List<String> outputs = new ArrayList<>(compiled.outputVars());
            for (String v : exprVars) {
                if (v != null) {
                    outputs.add(v);
                }
            }
            CompiledQuery withExprs = new CompiledQuery(compiled.body(), outputs);
            return new PreparedQuery(policy, withExprs, exprVars, data, options);
        }
    }
}

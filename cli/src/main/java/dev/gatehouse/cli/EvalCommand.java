package dev.gatehouse.cli;

import dev.gatehouse.rego.PreparedQuery;
import dev.gatehouse.rego.QueryResult;
import dev.gatehouse.rego.Rego;
import dev.gatehouse.rego.RegoException;
import dev.gatehouse.rego.ast.RegoVersion;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code gatehouse eval}: evaluates a Rego query against policy and data files, like {@code opa eval}. Exit 0 when
 * evaluation succeeded (even if undefined), 1 with {@code --fail} when the result is undefined, 2 on bad input or
 * policy errors (printed as {@code file:row: code: message}).
 */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Evaluate a Rego query (like 'opa eval') against policy files and JSON/YAML data.")
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "QUERY", description = "The query, e.g. data.authz.allow")
    String query;

    @Option(names = {"-d", "--data"}, paramLabel = "PATH",
            description = "Policy (.rego) or data (.json, .yaml) file or directory; repeatable.")
    List<Path> dataPaths = new ArrayList<>();

    @Option(names = {"-i", "--input"}, paramLabel = "FILE", description = "Input document (JSON or YAML).")
    Path inputFile;

    @Option(names = {"-f", "--format"}, paramLabel = "json|pretty", defaultValue = "json",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--v0-compatible", description = "Parse policies as Rego v0 (default: v1).")
    boolean v0;

    @Option(names = "--strict-builtin-errors", description = "Fail on the first builtin error instead of undefined.")
    boolean strict;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "Evaluation deadline in seconds (0 = none).",
            defaultValue = "0")
    double timeoutSeconds;

    @Option(names = "--fail", description = "Exit 1 when the result is undefined.")
    boolean fail;

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("json") && !format.equals("pretty")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--format must be json or pretty but was '" + format + "'");
        }
        Rego.Builder builder = Rego.builder().regoVersion(v0 ? RegoVersion.V0 : RegoVersion.V1)
                .strictBuiltinErrors(strict).printSink(line -> err.println(line));
        if (timeoutSeconds > 0) {
            builder.timeout(Duration.ofMillis((long) (timeoutSeconds * 1000)));
        }
        ObjectValue data = ObjectValue.EMPTY;
        for (Path p : dataPaths) {
            List<Path> files;
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                }
            } else if (Files.isRegularFile(p)) {
                files = List.of(p);
            } else {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "no such file or directory: " + p);
            }
            for (Path f : files) {
                String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
                if (name.endsWith(".rego")) {
                    builder.module(f.toString(), Files.readString(f, StandardCharsets.UTF_8));
                } else if (name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml")) {
                    Value v = readDocument(f);
                    if (!(v instanceof ObjectValue o)) {
                        throw new IllegalArgumentException(f + ": data files must hold an object");
                    }
                    data = merge(data, o);
                }
            }
        }
        builder.data(data).query(query);
        Value input = inputFile == null ? null : readDocument(inputFile);
        List<QueryResult> results;
        try {
            PreparedQuery prepared = builder.build();
            results = prepared.evaluate(input);
        } catch (RegoException e) {
            err.println(e.getMessage());
            return ExitCodes.USAGE_OR_INPUT;
        }
        if (format.equals("pretty")) {
            if (results.isEmpty()) {
                out.println("undefined");
            } else if (results.size() == 1 && results.get(0).bindings().isEmpty()
                    && results.get(0).expressions().size() == 1) {
                out.println(ValueJson.toPrettyJson(results.get(0).expressions().get(0)));
            } else {
                List<Value> rows = new ArrayList<>();
                for (QueryResult r : results) {
                    rows.add(r.bindings().isEmpty() ? dev.gatehouse.rego.value.ArrayValue.of(r.expressions())
                            : r.bindingsObject());
                }
                out.println(ValueJson.toPrettyJson(dev.gatehouse.rego.value.ArrayValue.of(rows)));
            }
        } else {
            ObjectValue.Builder doc = ObjectValue.builder();
            List<Value> rows = new ArrayList<>();
            for (QueryResult r : results) {
                ObjectValue.Builder row = ObjectValue.builder();
                List<Value> exprs = new ArrayList<>();
                for (Value v : r.expressions()) {
                    exprs.add(ObjectValue.builder().put("value", v).put("text", StringValue.of(query)).build());
                }
                row.put("expressions", dev.gatehouse.rego.value.ArrayValue.of(exprs));
                if (!r.bindings().isEmpty()) {
                    row.put("bindings", r.bindingsObject());
                }
                rows.add(row.build());
            }
            if (!rows.isEmpty()) {
                doc.put("result", dev.gatehouse.rego.value.ArrayValue.of(rows));
            }
            out.println(ValueJson.toPrettyJson(doc.build()));
        }
        out.flush();
        return results.isEmpty() && fail ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    private static Value readDocument(Path f) throws IOException {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        try {
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                JsonNode node = YAML.readTree(text);
                return ValueJson.fromNode(node);
            }
            return ValueJson.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(f + ": " + e.getMessage(), e);
        }
    }

    private static ObjectValue merge(ObjectValue a, ObjectValue b) {
        ObjectValue out = a;
        for (int i = 0; i < b.size(); i++) {
            Value k = b.keyAt(i);
            Value existing = out.get(k);
            Value v = b.valueAt(i);
            out = out.with(k, existing instanceof ObjectValue eo && v instanceof ObjectValue vo ? merge(eo, vo) : v);
        }
        return out;
    }
}

package dev.gatehouse.rego.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.rego.RegoError;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Module;
import dev.gatehouse.rego.ast.RegoVersion;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.RuleKind;
import dev.gatehouse.rego.ast.Term;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ParserTest {

    static Stream<Arguments> goodModules() {
        return Stream.of(
                Arguments.of("constant rule", RegoVersion.V1, "package p\nx := 1", RuleKind.SINGLE_VALUE),
                Arguments.of("rule with if body", RegoVersion.V1, "package p\nallow if { input.user == \"admin\" }", RuleKind.SINGLE_VALUE),
                Arguments.of("single-literal if body", RegoVersion.V1, "package p\nallow if input.x", RuleKind.SINGLE_VALUE),
                Arguments.of("multi-value rule", RegoVersion.V1, "package p\ns contains x if some x in [1, 2]", RuleKind.MULTI_VALUE),
                Arguments.of("ref head object rule", RegoVersion.V1, "package p\no[k] := v if { some k, v in {\"a\": 1} }", RuleKind.SINGLE_VALUE),
                Arguments.of("function", RegoVersion.V1, "package p\nf(x) := y if { y := x + 1 }", RuleKind.FUNCTION),
                Arguments.of("default rule", RegoVersion.V1, "package p\ndefault allow := false", RuleKind.SINGLE_VALUE),
                Arguments.of("else chain", RegoVersion.V1, "package p\nx := 1 if { false } else := 2 if { true } else := 3", RuleKind.SINGLE_VALUE),
                Arguments.of("every", RegoVersion.V1, "package p\nok if { every x in [1] { x > 0 } }", RuleKind.SINGLE_VALUE),
                Arguments.of("comprehensions", RegoVersion.V1, "package p\nx := {\"a\": [y | y := 1], \"b\": {z | z := 2}, \"c\": {k: 1 | k := \"q\"}}", RuleKind.SINGLE_VALUE),
                Arguments.of("raw string and comment", RegoVersion.V1, "package p\n# comment\nx := `a\\b` # trailing", RuleKind.SINGLE_VALUE),
                Arguments.of("template string", RegoVersion.V1, "package p\nx := $\"a{1 + 1}b\\{c}\"", RuleKind.SINGLE_VALUE),
                Arguments.of("with and not", RegoVersion.V1, "package p\nx if { not data.q with input as {} }", RuleKind.SINGLE_VALUE),
                Arguments.of("v0 partial set", RegoVersion.V0, "package p\ns[x] { x := 1 }", RuleKind.MULTI_VALUE),
                Arguments.of("v0 complete rule with braces", RegoVersion.V0, "package p\nallow { true }", RuleKind.SINGLE_VALUE),
                Arguments.of("v0 with future keywords", RegoVersion.V0, "package p\nimport future.keywords\ns contains x if x := 1", RuleKind.MULTI_VALUE),
                Arguments.of("v0 with rego.v1", RegoVersion.V0, "package p\nimport rego.v1\nallow if true", RuleKind.SINGLE_VALUE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goodModules")
    void parseModule_acceptsValidRego(String name, RegoVersion version, String src, RuleKind kind) {
        Module m = Parser.parseModule("t.rego", src, version);
        assertThat(m.rules()).isNotEmpty();
        assertThat(m.rules().get(0).kind()).isEqualTo(kind);
    }

    static Stream<Arguments> badModules() {
        return Stream.of(
                Arguments.of("missing package", RegoVersion.V1, "x := 1", "t.rego:1: rego_parse_error: package expected"),
                Arguments.of("v1 body without if", RegoVersion.V1, "package p\nallow { true }", "t.rego:2: rego_parse_error: `if` keyword is required before rule body"),
                Arguments.of("bare rule in v1", RegoVersion.V1, "package p\nallow", "t.rego:2: rego_parse_error: rule must have value assignment or body"),
                Arguments.of("unterminated string", RegoVersion.V1, "package p\nx := \"abc", "t.rego:2: rego_parse_error: non-terminated string"),
                Arguments.of("bad escape", RegoVersion.V1, "package p\nx := \"\\q\"", "rego_parse_error: illegal escape sequence"),
                Arguments.of("unknown future keyword", RegoVersion.V0, "package p\nimport future.keywords.nope", "unexpected keyword, must be one of [contains every if in]"),
                Arguments.of("rego.v1 with future.keywords", RegoVersion.V0, "package p\nimport future.keywords\nimport rego.v1", "mutually exclusive"),
                Arguments.of("empty body", RegoVersion.V1, "package p\nx if {}", "found empty body"),
                Arguments.of("illegal character", RegoVersion.V1, "package p\nx := 1 ^ 2", "t.rego:2: rego_parse_error: illegal token"),
                Arguments.of("missing closing bracket", RegoVersion.V1, "package p\nx := [1, 2", "t.rego:2: rego_parse_error: unexpected eof token: expected ]"),
                Arguments.of("package path ending in a dot", RegoVersion.V1, "package foo.", "t.rego:1: rego_parse_error: unexpected eof token: expected ident"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badModules")
    void parseModule_reportsParseErrorsWithPosition(String name, RegoVersion version, String src, String message) {
        assertThatThrownBy(() -> Parser.parseModule("t.rego", src, version))
                .isInstanceOfSatisfying(ParseException.class,
                        e -> assertThat(e.code()).isEqualTo(RegoError.Code.PARSE))
                .hasMessageContaining(message);
    }

    @Test
    void operatorPrecedence_followsOpa() {
        Expr e = Parser.parseQuery("x := 1 + 2 * 3 == 7", RegoVersion.V1).exprs().get(0);
        Expr.CallExpr assign = (Expr.CallExpr) e;
        Term.Call eq = (Term.Call) assign.args().get(1);
        assertThat(eq.operator().toString()).isEqualTo("equal");
        Term.Call plus = (Term.Call) eq.args().get(0);
        assertThat(plus.operator().toString()).isEqualTo("plus");
        assertThat(((Term.Call) plus.args().get(1)).operator().toString()).isEqualTo("mul");
    }

    @Test
    void locations_areKeptOutOfEquality() {
        Term a = Parser.parseTerm("[1, {\"a\": x}]");
        Term b = Parser.parseTerm("  [1,   {\"a\":   x}]");
        assertThat(a).isEqualTo(b);
        assertThat(a.location().col()).isNotEqualTo(b.location().col());
    }

    @Test
    void metadataComments_becomeAnnotations() {
        Module m = Parser.parseModule("t.rego", """
                package p

                # METADATA
                # title: Allow admins
                # custom:
                #   severity: high
                allow if input.admin
                """, RegoVersion.V1);
        Rule r = m.rules().get(0);
        assertThat(r.annotations()).hasSize(1);
        assertThat(r.annotations().get(0).get("title").toString()).isEqualTo("\"Allow admins\"");
    }

    @Test
    void deepNesting_isAParseErrorNotAStackOverflow() {
        String deep = "package p\nx := " + "[".repeat(10_000) + "]".repeat(10_000);
        assertThatThrownBy(() -> Parser.parseModule("deep.rego", deep, RegoVersion.V1))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("rego_parse_error")
                .hasMessageContaining("nesting depth exceeds 256");
    }

    @Test
    void hugeLiteral_parses() {
        String digits = "9".repeat(5000);
        Term t = Parser.parseTerm(digits);
        assertThat(t).isInstanceOf(Term.Scalar.class);
        assertThat(t.toString()).isEqualTo(digits);
    }
}

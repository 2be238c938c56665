package dev.gatehouse.rego.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.rego.RegoError;
import dev.gatehouse.rego.RegoException;
import dev.gatehouse.rego.ast.RegoVersion;
import dev.gatehouse.rego.builtins.Builtins;
import dev.gatehouse.rego.parser.Parser;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Meta-test of the stage table plus the checks that have no conformance case of their own. */
class CompilerStagesTest {

    @Test
    void stageNames_areUnique_andResolveRefsRunsFirst() {
        List<String> names = Compiler.stageNames();
        assertThat(new HashSet<>(names)).hasSameSizeAs(names);
        assertThat(names.get(0)).isEqualTo("ResolveRefs");
        assertThat(names).containsSubsequence("CheckSafety", "CheckRecursion", "BuildRuleTree", "BuildRuleIndices");
    }

    @Test
    void assigningToInput_isACompileError() {
        var m = Parser.parseModule("t.rego", "package t\nx if { input := 1 }", RegoVersion.V1);
        assertThatThrownBy(() -> Compiler.compile(List.of(m), Builtins.standard()))
                .isInstanceOfSatisfying(RegoException.class, e -> assertThat(e.code()).isEqualTo(RegoError.Code.COMPILE))
                .hasMessageContaining("variables must not shadow input");
    }

    @Test
    void conflictingRuleKinds_areTypeErrors() {
        var m = Parser.parseModule("t.rego", "package t\np := 1\np contains 2", RegoVersion.V1);
        assertThatThrownBy(() -> Compiler.compile(List.of(m), Builtins.standard()))
                .hasMessageContaining("rego_type_error: conflicting rules data.t.p found");
    }
}

package dev.gatehouse.rego.builtins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Meta-test over every registered builtin. */
class BuiltinsRegistryTest {

    @Test
    void everyRegisteredBuiltin_hasAValidDeclaration() {
        for (Builtin b : Builtins.standard().all()) {
            BuiltinDecl d = b.decl();
            assertThat(d.name()).as("name").isNotBlank();
            assertThat(d.categories()).as(d.name() + " categories").isNotEmpty();
            assertThat(d.variadic() && d.arity() > 0).as(d.name() + " variadic with args").isFalse();
        }
    }

    @Test
    void duplicateNames_areRejectedNamingTheBuiltin() {
        BuiltinFamily twice = () -> List.of(
                Builtin.of(BuiltinDecl.builder("x").category("t").build(), (c, a) -> null),
                Builtin.of(BuiltinDecl.builder("x").category("t").build(), (c, a) -> null));
        assertThatThrownBy(() -> Builtins.of(List.of(twice))).hasMessageContaining("builtin x is declared twice");
    }

    @Test
    void operandErrors_useOpaWording() {
        Value s = dev.gatehouse.rego.value.StringValue.of("x");
        assertThat(Operands.typeError(1, s, "number").getMessage()).isEqualTo("operand 1 must be number but got string");
        assertThat(Operands.typeError(2, s, "array", "set").getMessage())
                .isEqualTo("operand 2 must be one of {array, set} but got string");
        assertThatThrownBy(() -> Operands.integer(NumberValue.parse("1.5"), 1))
                .hasMessage("operand 1 must be integer number but got floating-point number");
    }

    @Test
    void division_byZero_isABuiltinError() {
        Builtin div = Builtins.standard().get("div");
        assertThatThrownBy(() -> div.function().apply(null, new Value[] {NumberValue.of(1), NumberValue.ZERO}))
                .isInstanceOfSatisfying(BuiltinException.class,
                        e -> assertThat(e.code()).isEqualTo(BuiltinErrorCode.BUILTIN_ERROR))
                .hasMessage("divide by zero");
    }
}

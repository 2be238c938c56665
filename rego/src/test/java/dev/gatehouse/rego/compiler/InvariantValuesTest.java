package dev.gatehouse.rego.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import org.junit.jupiter.api.Test;

/** Values kept by parameters: found by identity or equality, absent parameters a key of their own, bounded. */
class InvariantValuesTest {

    @Test
    void get_findsAValueByTheSameOrAnEqualParametersValue() {
        InvariantValues kept = new InvariantValues();
        Value parameters = ValueJson.parse("{\"caps\": [\"A\"]}");
        kept.put(parameters, NumberValue.of(1));
        assertThat(kept.get(parameters)).isEqualTo(NumberValue.of(1));
        assertThat(kept.get(ValueJson.parse("{\"caps\": [\"A\"]}"))).isEqualTo(NumberValue.of(1));
        assertThat(kept.get(ValueJson.parse("{\"caps\": [\"B\"]}"))).isNull();
    }

    @Test
    void get_keepsAbsentParametersApartFromEveryValue() {
        InvariantValues kept = new InvariantValues();
        kept.put(null, NumberValue.of(0));
        assertThat(kept.get(null)).isEqualTo(NumberValue.of(0));
        assertThat(kept.get(ValueJson.parse("{}"))).isNull();
        kept.put(ValueJson.parse("{}"), NumberValue.of(1));
        assertThat(kept.get(null)).isEqualTo(NumberValue.of(0));
        assertThat(kept.get(ValueJson.parse("{}"))).isEqualTo(NumberValue.of(1));
    }

    @Test
    void put_pastCapacity_dropsTheOldestEntriesOnly() {
        InvariantValues kept = new InvariantValues();
        int n = InvariantValues.CAPACITY + 3;
        for (int i = 0; i < n; i++) {
            kept.put(NumberValue.of(i), NumberValue.of(i * 10));
        }
        for (int i = 0; i < n; i++) {
            assertThat(kept.get(NumberValue.of(i))).isEqualTo(i < 3 ? null : NumberValue.of(i * 10));
        }
    }
}

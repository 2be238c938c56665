package dev.gatehouse.rego.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** units, semver, uuid, graph and runtime builtins. */
class MiscBuiltinsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        units.parse milli is exact                          | units.parse | ["500m"] | 0.5
        units.parse binary units                            | units.parse | ["1.5Ki"] | 1536
        units.parse distinguishes M from m                  | units.parse | ["2M"] | 2000000
        units.parse rejects spaces                          | units.parse | ["1 K"] | error: spaces not allowed in resource strings
        units.parse needs an amount                         | units.parse | ["K"] | error: no amount provided
        units.parse bounds exponents                        | units.parse | ["1e1234567"] | error: exponent too large
        units.parse_bytes is case-insensitive               | units.parse_bytes | ["3MiB"] | 3145728
        units.parse_bytes with an e suffix is exabytes      | units.parse_bytes | ["10e"] | 1e19
        units.parse_bytes truncates fractions               | units.parse_bytes | ["1.5"] | 1
        units.parse_bytes rejects unknown units             | units.parse_bytes | ["1xb"] | error: byte unit xb not recognized
        semver.compare orders versions                      | semver.compare | ["1.2.3", "1.10.0"] | -1
        semver.compare ranks pre-releases lower             | semver.compare | ["1.0.0-alpha", "1.0.0"] | -1
        semver.compare orders numeric identifiers            | semver.compare | ["1.0.0-alpha.2", "1.0.0-alpha.10"] | -1
        semver.compare ignores build metadata               | semver.compare | ["1.0.0+a", "1.0.0+b"] | 0
        semver.compare rejects partial versions             | semver.compare | ["1", "1.0.0"] | error: operand 1: string "1" is not a valid SemVer
        semver.is_valid on a non-string is false            | semver.is_valid | [1] | false
        uuid.parse reads version and variant                | uuid.parse | ["00000000-0000-4000-8000-000000000000"] | {"variant": "RFC4122", "version": 4}
        uuid.parse decodes version 2 fields                 | uuid.parse | ["urn:uuid:000003e8-48b9-21ee-b200-325096b39f47"] | {"clocksequence": 12800, "domain": "Person", "id": 1000, "macvariables": "local:unicast", "nodeid": "32-50-96-b3-9f-47", "time": 1693566990121469600, "variant": "RFC4122", "version": 2}
        uuid.parse of garbage is undefined                  | uuid.parse | ["nope"] | undefined
        graph.reachable follows edges                       | graph.reachable | [{"a": ["b"], "b": ["c"], "c": [], "d": []}, ["a"]] | {"$set": ["a", "b", "c"]}
        graph.reachable_paths lists maximal paths           | graph.reachable_paths | [{"a": ["b", "c"], "b": [], "c": ["a"]}, ["a"]] | {"$set": [["a", "b"], ["a", "c"]]}
        graph.reachable rejects a string start              | graph.reachable | [{}, "a"] | type_error: operand 2 must be {array, set} but got string
        trace is true                                       | trace | ["note"] | true
        opa.runtime reports no configuration                | opa.runtime | [] | {}
        """)
    void miscBuiltins(String behaviour, String builtin, String args, String expected) {
        BuiltinTesting.check(builtin, args, expected);
    }

    @Test
    void walk_visitsEveryNodeInPreOrder() {
        List<Value> pairs = BuiltinTesting.callAll("walk", "[{\"a\": [1, {\"b\": 2}]}]");
        assertThat(pairs).containsExactly(
                BuiltinTesting.value("[[], {\"a\": [1, {\"b\": 2}]}]"),
                BuiltinTesting.value("[[\"a\"], [1, {\"b\": 2}]]"),
                BuiltinTesting.value("[[\"a\", 0], 1]"),
                BuiltinTesting.value("[[\"a\", 1], {\"b\": 2}]"),
                BuiltinTesting.value("[[\"a\", 1, \"b\"], 2]"));
    }

    @Test
    void walk_stopsWhenTheConsumerHasEnough() {
        int[] seen = {0};
        BuiltinTesting.builtin("walk").generator().generate(BuiltinTesting.context(),
                new Value[] {BuiltinTesting.value("[1, 2, 3]")}, v -> ++seen[0] < 2);
        assertThat(seen[0]).isEqualTo(2);
    }

    @Test
    void uuidRfc4122_isAVersion4UuidStablePerKeyWithinAQuery() {
        BuiltinContext ctx = BuiltinTesting.context();
        Builtin b = BuiltinTesting.builtin("uuid.rfc4122");
        Value first = b.function().apply(ctx, new Value[] {StringValue.of("k")});
        assertThat(b.function().apply(ctx, new Value[] {StringValue.of("k")})).isEqualTo(first);
        assertThat(b.function().apply(ctx, new Value[] {StringValue.of("other")})).isNotEqualTo(first);
        assertThat(((StringValue) first).value()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }
}

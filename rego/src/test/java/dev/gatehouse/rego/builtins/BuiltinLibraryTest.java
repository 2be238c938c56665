package dev.gatehouse.rego.builtins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NullValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Meta-tests over the whole builtin library: coverage of OPA's names and robustness on hostile operands. */
class BuiltinLibraryTest {

    /** OPA 1.20 builtins (capabilities.json) this library provides, excluding the core's and the evaluator's. */
    private static final List<String> EXPECTED = List.of(
            "abs", "all", "and", "any", "array.concat", "array.flatten", "array.reverse", "array.slice",
            "base64.decode", "base64.encode", "base64.is_valid", "base64url.decode", "base64url.encode",
            "base64url.encode_no_pad", "bits.and", "bits.lsh", "bits.negate", "bits.or", "bits.rsh", "bits.xor",
            "cast_array", "cast_boolean", "cast_null", "cast_object", "cast_set", "cast_string", "ceil", "concat",
            "contains", "count", "crypto.hmac.equal", "crypto.hmac.md5", "crypto.hmac.sha1", "crypto.hmac.sha256",
            "crypto.hmac.sha512", "crypto.md5", "crypto.parse_private_keys", "crypto.sha1", "crypto.sha256",
            "crypto.x509.parse_and_verify_certificates", "crypto.x509.parse_and_verify_certificates_with_options",
            "crypto.x509.parse_certificate_request", "crypto.x509.parse_certificates", "crypto.x509.parse_keypair",
            "crypto.x509.parse_rsa_private_key", "endswith", "floor", "format_int", "glob.match", "glob.quote_meta",
            "graph.reachable", "graph.reachable_paths", "hex.decode", "hex.encode", "indexof", "indexof_n",
            "intersection", "io.jwt.decode", "io.jwt.decode_verify", "io.jwt.encode_sign", "io.jwt.encode_sign_raw",
            "io.jwt.verify_eddsa", "io.jwt.verify_es256", "io.jwt.verify_es384", "io.jwt.verify_es512",
            "io.jwt.verify_hs256", "io.jwt.verify_hs384", "io.jwt.verify_hs512", "io.jwt.verify_ps256",
            "io.jwt.verify_ps384", "io.jwt.verify_ps512", "io.jwt.verify_rs256", "io.jwt.verify_rs384",
            "io.jwt.verify_rs512", "is_array", "is_boolean", "is_null", "is_number", "is_object", "is_set",
            "is_string", "json.filter", "json.is_valid", "json.marshal", "json.marshal_with_options", "json.patch",
            "json.remove", "json.unmarshal", "lower", "max", "min", "net.cidr_contains", "net.cidr_contains_matches",
            "net.cidr_expand", "net.cidr_intersects", "net.cidr_is_valid", "net.cidr_merge", "net.cidr_overlap",
            "net.lookup_ip_addr", "numbers.range", "numbers.range_step", "object.filter", "object.get",
            "object.keys", "object.remove", "object.subset", "object.union", "object.union_n", "opa.runtime", "or",
            "product", "rand.intn", "re_match", "regex.find_all_string_submatch_n", "regex.find_n",
            "regex.globs_match", "regex.is_valid", "regex.match", "regex.replace", "regex.split",
            "regex.template_match", "replace", "round", "semver.compare", "semver.is_valid", "set_diff", "sort",
            "split", "sprintf", "startswith", "strings.any_prefix_match", "strings.any_suffix_match",
            "strings.count", "strings.render_template", "strings.replace_n", "strings.reverse", "strings.split_n",
            "substring", "sum", "time.add_date", "time.clock", "time.date", "time.diff", "time.format",
            "time.now_ns", "time.parse_duration_ns", "time.parse_ns", "time.parse_rfc3339_ns", "time.weekday",
            "to_number", "trace", "trim", "trim_left", "trim_prefix", "trim_right", "trim_space", "trim_suffix",
            "type_name", "union", "units.parse", "units.parse_bytes", "upper", "urlquery.decode",
            "urlquery.decode_object", "urlquery.encode", "urlquery.encode_object", "uuid.parse", "uuid.rfc4122",
            "walk", "yaml.is_valid", "yaml.marshal", "yaml.unmarshal", "uri.parse", "uri.is_valid",
            "graphql.parse_query", "graphql.parse_schema", "graphql.schema_is_valid", "graphql.is_valid",
            "graphql.parse", "graphql.parse_and_verify", "providers.aws.sign_req", "json.verify_schema",
            "json.match_schema", "http.send", "rego.parse_module");

    @Test
    void everyExpectedOpaBuiltin_isRegisteredWithAnImplementation() {
        for (String name : EXPECTED) {
            Builtin b = Builtins.standard().get(name);
            assertThat(b).as(name).isNotNull();
            assertThat(b.function() != null || b.generator() != null).as(name + " implementation").isTrue();
            assertThat(b.decl().categories()).as(name + " categories").isNotEmpty();
        }
    }

    @Test
    void familyNames_areUniqueAcrossFamilies() {
        Set<String> seen = new HashSet<>();
        for (BuiltinFamily f : Builtins.FAMILIES) {
            assertThat(f.builtins()).as(f.getClass().getSimpleName()).isNotEmpty();
            for (Builtin b : f.builtins()) {
                assertThat(seen.add(b.name())).as("duplicate " + b.name()).isTrue();
            }
        }
    }

    @Test
    void deprecatedBuiltins_areMarkedDeprecated() {
        for (String name : List.of("all", "any", "re_match", "net.cidr_overlap", "set_diff", "cast_array",
                "cast_set", "cast_string", "cast_boolean", "cast_null", "cast_object")) {
            assertThat(Builtins.standard().get(name).decl().deprecated()).as(name).isTrue();
        }
    }

    @Test
    void nondeterministicBuiltins_areMarked() {
        for (String name : List.of("time.now_ns", "rand.intn", "uuid.rfc4122", "net.lookup_ip_addr",
                "io.jwt.decode_verify", "io.jwt.encode_sign", "io.jwt.encode_sign_raw", "opa.runtime")) {
            assertThat(Builtins.standard().get(name).decl().nondeterministic()).as(name).isTrue();
        }
    }

    private static final List<Value> HOSTILE = List.of(
            NullValue.INSTANCE, BooleanValue.TRUE, NumberValue.of(-1), NumberValue.parse("1.5"),
            NumberValue.parse("1e400"), StringValue.EMPTY, StringValue.of("{{[(*\\"), ArrayValue.EMPTY,
            ArrayValue.of(NullValue.INSTANCE, StringValue.of("a")), SetValue.of(NumberValue.of(1)), ObjectValue.EMPTY,
            ObjectValue.of("a", ArrayValue.EMPTY));

    /** Bad input must give a BuiltinException (an OPA error) or a result, never a Java crash. */
    @Test
    void everyBuiltin_failsCleanlyOnHostileOperands() {
        List<String> crashes = new ArrayList<>();
        for (Builtin b : Builtins.standard().all()) {
            int arity = b.decl().arity();
            for (Value v : HOSTILE) {
                for (int pos = 0; pos < Math.max(arity, 1); pos++) {
                    Value[] args = new Value[arity];
                    Arrays.fill(args, StringValue.of("x"));
                    if (arity > 0) {
                        args[pos] = v;
                    }
                    try {
                        if (b.function() != null) {
                            b.function().apply(BuiltinTesting.context(), args);
                        } else {
                            b.generator().generate(BuiltinTesting.context(), args, x -> true);
                        }
                    } catch (BuiltinException expected) {
                        // an OPA-style error
                    } catch (RuntimeException e) {
                        crashes.add(b.name() + "(" + Arrays.toString(args) + "): " + e);
                    }
                }
            }
        }
        if (!crashes.isEmpty()) {
            fail(crashes.size() + " crashes:\n" + String.join("\n", crashes.subList(0, Math.min(40, crashes.size()))));
        }
    }
}

package dev.gatehouse.rego.builtins;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** base64, hex, URL query, JSON and YAML. */
class EncodingBuiltinsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        base64.encode pads                                   | base64.encode | ["hi"] | "aGk="
        base64.decode decodes                                | base64.decode | ["aGk="] | "hi"
        base64.decode reports the bad byte like Go           | base64.decode | ["aGk"] | error: illegal base64 data at input byte 0
        base64.decode reports a bad character                | base64.decode | ["a*k="] | error: illegal base64 data at input byte 1
        base64.is_valid                                      | base64.is_valid | ["aGk"] | false
        base64url.encode_no_pad drops padding                | base64url.encode_no_pad | ["hi"] | "aGk"
        base64url.decode accepts missing padding             | base64url.decode | ["aGk"] | "hi"
        hex.encode                                           | hex.encode | ["hi"] | "6869"
        hex.decode reports Go's invalid byte                 | hex.decode | ["6g"] | error: encoding/hex: invalid byte: U+0067 'g'
        hex.decode reports an odd length                     | hex.decode | ["686"] | error: encoding/hex: odd length hex string
        urlquery.encode escapes like Go                      | urlquery.encode | ["a b&c=d/é"] | "a+b%26c%3Dd%2F%C3%A9"
        urlquery.decode unescapes                            | urlquery.decode | ["a+b%26"] | "a b&"
        urlquery.decode rejects a bad escape                 | urlquery.decode | ["%zz"] | error: invalid URL escape "%zz"
        urlquery.encode_object sorts keys                    | urlquery.encode_object | [{"b": "2", "a": ["1", "x y"]}] | "a=1&a=x+y&b=2"
        urlquery.decode_object groups values                 | urlquery.decode_object | ["a=1&a=2&b="] | {"a": ["1", "2"], "b": [""]}
        json.marshal escapes HTML like Go and sorts keys     | json.marshal | [{"b": "<&>", "a": {"$set": [2, 1]}}] | "{\\"a\\":[1,2],\\"b\\":\\"\\\\u003c\\\\u0026\\\\u003e\\"}"
        json.marshal_with_options indents with a prefix      | json.marshal_with_options | [[1], {"prefix": "P", "indent": " "}] | "P[\\nP 1\\nP]"
        json.marshal_with_options rejects unknown keys       | json.marshal_with_options | [1, {"x": 1}] | type_error: operand 2 object contained unknown key "x"
        json.unmarshal parses                                | json.unmarshal | ["{\\"a\\": [1, 2.5]}"] | {"a": [1, 2.5]}
        json.is_valid rejects trailing text                  | json.is_valid | ["{} x"] | false
        yaml.unmarshal parses                                | yaml.unmarshal | ["a: [1, b]"] | {"a": [1, "b"]}
        yaml.is_valid rejects broken flow                    | yaml.is_valid | ["[a"] | false
        """)
    void encodingBuiltins(String behaviour, String builtin, String args, String expected) {
        BuiltinTesting.check(builtin, args, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        a set inside an object      | [{"foo": {"$set": [1, 2, 3]}}]
        nested objects and strings  | [{"a": {"b": "c: d"}, "e": [true, null]}]
        """)
    void yamlMarshal_roundTrips(String behaviour, String json) {
        dev.gatehouse.rego.value.Value v = BuiltinTesting.value(json);
        String yaml = ((dev.gatehouse.rego.value.StringValue) BuiltinTesting.builtin("yaml.marshal").function()
                .apply(BuiltinTesting.context(), new dev.gatehouse.rego.value.Value[] {v})).value();
        dev.gatehouse.rego.value.Value back = EncodingBuiltins.yamlUnmarshal(yaml);
        org.assertj.core.api.Assertions.assertThat(back).isEqualTo(withoutSets(v));
    }

    /** What JSON makes of a value: sets become arrays in set order. */
    private static dev.gatehouse.rego.value.Value withoutSets(dev.gatehouse.rego.value.Value v) {
        return dev.gatehouse.rego.value.ValueJson.parse(dev.gatehouse.rego.value.ValueJson.toJson(v));
    }

    @org.junit.jupiter.api.Test
    void yamlUnmarshal_reportsErrorsLikeGoYaml() {
        BuiltinTesting.check("yaml.unmarshal", "[\"[1,2,3\"]", "error: yaml: line 1: did not find expected ',' or ']'");
    }
}

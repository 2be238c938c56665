package dev.gatehouse.rego.builtins;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** json.verify_schema and json.match_schema with gojsonschema's error objects. */
class JsonSchemaBuiltinsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        a valid schema verifies                   | json.verify_schema | [{"type": "boolean"}] | [true, null]
        an unknown type fails verification        | json.verify_schema | ["{\\"type\\": \\"nope\\"}"] | [false, "jsonschema: has a primitive type that is NOT VALID -- given: /nope/ Expected valid values are:[array boolean integer number null object string]"]
        a matching document                       | json.match_schema | [{"id": 5}, {"properties": {"id": {"type": "integer"}}, "required": ["id"]}] | [true, []]
        a wrong type is reported with its field   | json.match_schema | [{"id": "x"}, {"properties": {"id": {"type": "integer"}}}] | [false, [{"desc": "Invalid type. Expected: integer, given: string", "error": "id: Invalid type. Expected: integer, given: string", "field": "id", "type": "invalid_type"}]]
        a missing property is reported at root    | json.match_schema | [{}, {"required": ["id"]}] | [false, [{"desc": "id is required", "error": "(root): id is required", "field": "(root)", "type": "required"}]]
        bounds and lengths are checked            | json.match_schema | [{"n": 0, "s": "ab"}, {"properties": {"n": {"minimum": 1}, "s": {"maxLength": 1}}}] | [false, [{"desc": "Must be greater than or equal to 1", "error": "n: Must be greater than or equal to 1", "field": "n", "type": "number_gte"}, {"desc": "String length must be less than or equal to 1", "error": "s: String length must be less than or equal to 1", "field": "s", "type": "string_lte"}]]
        local refs are followed                   | json.match_schema | [{"a": "x"}, {"definitions": {"n": {"type": "number"}}, "properties": {"a": {"$ref": "#/definitions/n"}}}] | [false, [{"desc": "Invalid type. Expected: number, given: string", "error": "a: Invalid type. Expected: number, given: string", "field": "a", "type": "invalid_type"}]]
        additional properties can be refused      | json.match_schema | [{"a": 1, "b": 2}, {"properties": {"a": {}}, "additionalProperties": false}] | [false, [{"desc": "Additional property b is not allowed", "error": "(root): Additional property b is not allowed", "field": "(root)", "type": "additional_property_not_allowed"}]]
        an invalid schema is an error             | json.match_schema | [{}, {"type": "nope"}] | error: has a primitive type that is NOT VALID -- given: /nope/ Expected valid values are:[array boolean integer number null object string]
        """)
    void jsonSchema(String behaviour, String builtin, String args, String expected) {
        BuiltinTesting.check(builtin, args, expected);
    }
}

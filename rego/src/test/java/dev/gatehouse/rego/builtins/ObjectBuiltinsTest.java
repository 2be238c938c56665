package dev.gatehouse.rego.builtins;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** object.* and json.filter/remove/patch. */
class ObjectBuiltinsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        object.get returns the value                          | object.get | [{"a": 1}, "a", 0] | 1
        object.get returns the default                        | object.get | [{"a": 1}, "b", 0] | 0
        object.get follows a path through arrays              | object.get | [{"a": [{"b": 2}]}, ["a", 0, "b"], 0] | 2
        object.get with an empty path returns the object      | object.get | [{"a": 1}, [], 0] | {"a": 1}
        object.get rejects a string                           | object.get | ["x", "a", 0] | type_error: operand 1 must be object but got string
        object.keys returns a set                             | object.keys | [{"a": 1, "b": 2}] | {"$set": ["a", "b"]}
        object.remove drops keys named by an array            | object.remove | [{"a": 1, "b": 2}, ["a"]] | {"b": 2}
        object.remove rejects a string of keys                | object.remove | [{"a": 1}, "a"] | type_error: operand 2 must be one of {object, set, array} but got string
        object.filter keeps keys named by a set               | object.filter | [{"a": 1, "b": 2}, {"$set": ["b"]}] | {"b": 2}
        object.union merges recursively                       | object.union | [{"a": {"b": 1}}, {"a": {"c": 2}}] | {"a": {"b": 1, "c": 2}}
        object.union lets the right side win                  | object.union | [{"a": 1}, {"a": {"c": 2}}] | {"a": {"c": 2}}
        object.union_n merges left to right                   | object.union_n | [[{"a": {"b": 2}}, {"a": 4}, {"a": {"c": 3}}]] | {"a": {"c": 3}}
        object.union_n rejects non-objects                    | object.union_n | [[1]] | type_error: operand 1 must be array of objects but got array containing number
        object.subset recurses into objects                   | object.subset | [{"a": {"b": 1, "c": 2}}, {"a": {"b": 1}}] | true
        object.subset of arrays needs a contiguous run        | object.subset | [[1, 2, 3], [2, 3]] | true
        object.subset of a set in an array                    | object.subset | [[1, 2, 3], {"$set": [3, 1]}] | true
        object.subset rejects mixed kinds                     | object.subset | [{}, []] | type_error: both arguments object.subset must be of the same type or array and set
        json.filter keeps paths                               | json.filter | [{"a": {"b": 1, "c": 2}, "d": 3}, ["a/b"]] | {"a": {"b": 1}}
        json.filter indexes arrays by position                | json.filter | [{"a": [1, 2, 3]}, ["a/1"]] | {"a": [2]}
        json.remove drops paths and closes array gaps         | json.remove | [{"a": [1, 2, 3], "b": 1}, ["a/0", "b"]] | {"a": [2, 3]}
        json.remove rejects a bad path element                | json.remove | [{"a": 1}, [1]] | type_error: operand 2 must be one of {set, array} containing string paths or array of path segments but got number
        json.patch adds, replaces and removes                 | json.patch | [{"a": 1, "b": [1]}, [{"op": "add", "path": "/c", "value": 3}, {"op": "replace", "path": "/a", "value": 2}, {"op": "remove", "path": "/b/0"}]] | {"a": 2, "b": [], "c": 3}
        json.patch appends with -                             | json.patch | [[1], [{"op": "add", "path": "/-", "value": 2}]] | [1, 2]
        json.patch moves and copies                           | json.patch | [{"a": 1}, [{"op": "copy", "from": "/a", "path": "/b"}, {"op": "move", "from": "/a", "path": "/c"}]] | {"b": 1, "c": 1}
        json.patch with a failing test is undefined           | json.patch | [{"a": 1}, [{"op": "test", "path": "/a", "value": 2}]] | undefined
        json.patch on a missing path is undefined             | json.patch | [{"a": 1}, [{"op": "remove", "path": "/x"}]] | undefined
        json.patch replaces the whole document at path ""     | json.patch | [{"foo": "bar"}, [{"op": "replace", "path": "", "value": {"baz": "qux"}}]] | {"baz": "qux"}
        json.patch replaces a scalar document at path ""      | json.patch | ["foo", [{"op": "replace", "path": "", "value": "bar"}]] | "bar"
        """)
    void objectBuiltins(String behaviour, String builtin, String args, String expected) {
        BuiltinTesting.check(builtin, args, expected);
    }
}

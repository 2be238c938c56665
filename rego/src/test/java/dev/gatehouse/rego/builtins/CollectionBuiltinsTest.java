package dev.gatehouse.rego.builtins;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Aggregates, arrays, sets, types and casts. */
class CollectionBuiltinsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        count of a string counts code points                 | count | ["héllo"] | 5
        count of an object counts keys                        | count | [{"a": 1, "b": 2}] | 2
        count rejects a number                                | count | [1] | type_error: operand 1 must be one of {array, object, set, string} but got number
        sum of integers is exact beyond 64 bits               | sum | [[9223372036854775807, 1]] | 9223372036854775808
        sum of decimals is exact                              | sum | [[0.1, 0.2]] | 0.3
        sum of a set                                          | sum | [{"$set": [1, 2, 3]}] | 6
        sum rejects non-number elements                       | sum | [[1, "a"]] | type_error: operand 1 must be array of numbers but got array containing string
        product multiplies                                    | product | [[2, 3, 4]] | 24
        max picks the greatest value in OPA order             | max | [[1, "a", 3]] | "a"
        max of an empty array is undefined                    | max | [[]] | undefined
        min picks the least value                             | min | [{"$set": [3, 1, 2]}] | 1
        sort orders an array                                  | sort | [[3, 1, 2]] | [1, 2, 3]
        sort rejects an object                                | sort | [{}] | type_error: operand 1 must be one of {set, array} but got object
        all is true when every element is true                | all | [[true, true]] | true
        any is false for an empty set                         | any | [{"$set": []}] | false
        array.concat appends                                  | array.concat | [[1], [2, 3]] | [1, 2, 3]
        array.concat names the bad operand                    | array.concat | [[1], {}] | type_error: operand 2 must be array but got object
        array.slice clamps indices                            | array.slice | [[1, 2, 3, 4], -1, 10] | [1, 2, 3, 4]
        array.slice with start after stop is empty            | array.slice | [[1, 2, 3], 2, 1] | []
        array.reverse reverses                                | array.reverse | [[1, 2, 3]] | [3, 2, 1]
        array.flatten flattens one level                      | array.flatten | [[1, [2, [3]], 4]] | [1, 2, [3], 4]
        and intersects sets                                   | and | [{"$set": [1, 2]}, {"$set": [2, 3]}] | {"$set": [2]}
        or unions sets                                        | or | [{"$set": [1]}, {"$set": [2]}] | {"$set": [1, 2]}
        intersection of a set of sets                         | intersection | [{"$set": [{"$set": [1, 2]}, {"$set": [2, 3]}]}] | {"$set": [2]}
        union of a set of sets                                | union | [{"$set": [{"$set": [1]}, {"$set": [2]}]}] | {"$set": [1, 2]}
        union rejects non-set elements                        | union | [{"$set": [1]}] | type_error: operand 1 must be set of sets but got set containing number
        set_diff subtracts                                    | set_diff | [{"$set": [1, 2]}, {"$set": [2]}] | {"$set": [1]}
        is_string on a string                                 | is_string | ["a"] | true
        is_number on a string is false, not undefined         | is_number | ["1"] | false
        type_name names the kind                              | type_name | [{"$set": []}] | "set"
        to_number parses decimal text                         | to_number | ["-1.5e2"] | -150
        to_number maps true to one                            | to_number | [true] | 1
        to_number maps null to zero                           | to_number | [null] | 0
        to_number rejects infinity                            | to_number | ["Inf"] | type_error: operand 1 must be valid number string but got string
        to_number rejects text                                | to_number | ["abc"] | error: strconv.ParseFloat: parsing "abc": invalid syntax
        to_number rejects magnitudes beyond float64           | to_number | ["1e309"] | error: strconv.ParseFloat: parsing "1e309": value out of range
        cast_set turns an array into a set                    | cast_set | [[1, 1, 2]] | {"$set": [1, 2]}
        cast_string rejects a number                          | cast_string | [1] | type_error: operand 1 must be string but got number
        """)
    void collectionBuiltins(String behaviour, String builtin, String args, String expected) {
        BuiltinTesting.check(builtin, args, expected);
    }
}

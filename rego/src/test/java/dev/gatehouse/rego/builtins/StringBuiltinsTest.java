package dev.gatehouse.rego.builtins;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StringBuiltinsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        concat joins array elements with the delimiter          | concat | ["-", ["a", "b", "c"]] | "a-b-c"
        concat joins set elements in set order                  | concat | [",", {"$set": ["b", "a"]}] | "a,b"
        concat rejects a non-string element                      | concat | ["-", ["a", 1]] | type_error: operand 2 must be array of strings but got array containing number
        concat rejects a string collection                       | concat | ["-", "ab"] | type_error: operand 2 must be one of {set, array} but got string
        contains finds a substring                               | contains | ["abc", "bc"] | true
        startswith checks the prefix                             | startswith | ["abc", "b"] | false
        endswith checks the suffix                               | endswith | ["abc", "bc"] | true
        endswith names the bad operand                           | endswith | ["abc", 1] | type_error: operand 2 must be string but got number
        format_int formats in base 16                            | format_int | [255, 16] | "ff"
        format_int truncates fractions toward zero               | format_int | [-15.9, 16] | "-f"
        format_int formats integers beyond 64 bits               | format_int | [18446744073709551617, 2] | "10000000000000000000000000000000000000000000000000000000000000001"
        format_int rejects other bases                           | format_int | [1, 3] | type_error: operand 2 must be one of {2, 8, 10, 16}
        indexof counts code points                               | indexof | ["héllo", "l"] | 2
        indexof returns -1 when absent                           | indexof | ["abc", "x"] | -1
        indexof rejects an empty search                          | indexof | ["abc", ""] | error: empty search character
        indexof_n lists every occurrence                         | indexof_n | ["dogcatdogcat", "cat"] | [3, 9]
        lower lowercases                                         | lower | ["AbC"] | "abc"
        upper uppercases                                         | upper | ["AbC"] | "ABC"
        upper maps code points one by one like Go               | upper | ["straße"] | "STRAßE"
        lower maps a final sigma like Go                         | lower | ["ΟΔΟΣ"] | "οδοσ"
        replace replaces every occurrence                        | replace | ["a.b.c", ".", "/"] | "a/b/c"
        strings.replace_n applies pairs in key order             | strings.replace_n | [{"a": "b", "b": "c"}, "ab"] | "bc"
        strings.replace_n rejects non-string values              | strings.replace_n | [{"a": 1}, "ab"] | type_error: operand 1 non-string value found in pattern object
        split splits on the delimiter                            | split | ["a.b.c", "."] | ["a", "b", "c"]
        split with an empty delimiter splits into characters     | split | ["abc", ""] | ["a", "b", "c"]
        strings.split_n keeps the first n parts                  | strings.split_n | ["a.b.c.d", ".", 2] | ["a", "b"]
        strings.split_n with negative n keeps the last parts     | strings.split_n | ["a.b.c.d", ".", -2] | ["c", "d"]
        strings.split_n with zero keeps nothing                  | strings.split_n | ["a.b.c.d", ".", 0] | []
        strings.split_n rejects a fractional count               | strings.split_n | ["a.b", ".", 1.5] | type_error: operand 3 must be integer number but got floating-point number
        substring takes a length                                 | substring | ["abcdef", 1, 3] | "bcd"
        substring with negative length runs to the end           | substring | ["abcdef", 2, -1] | "cdef"
        substring past the end is empty                          | substring | ["abc", 5, 1] | ""
        substring rejects a negative offset                      | substring | ["abc", -1, 1] | error: negative offset
        trim removes cutset characters from both ends            | trim | ["xxhixx", "x"] | "hi"
        trim_left removes leading cutset characters              | trim_left | ["xxhixx", "x"] | "hixx"
        trim_right removes trailing cutset characters            | trim_right | ["xxhixx", "x"] | "xxhi"
        trim_prefix removes one prefix                           | trim_prefix | ["foo.bar", "foo."] | "bar"
        trim_suffix removes one suffix                           | trim_suffix | ["foo.bar", ".bar"] | "foo"
        trim_space removes Go whitespace including NBSP          | trim_space | ["\\u00a0 hi \\t"] | "hi"
        any_prefix_match matches any pair                        | strings.any_prefix_match | [["a/b", "c/d"], "c/"] | true
        any_suffix_match matches any pair                        | strings.any_suffix_match | ["a.example.com", [".org", ".com"]] | true
        any_prefix_match rejects numbers                         | strings.any_prefix_match | [1, "a"] | type_error: operand 1 must be one of {string, set, array} but got number
        any_suffix_match rejects non-string elements             | strings.any_suffix_match | ["a", ["b", 1]] | type_error: operand 2 must be array of strings but got array containing number
        strings.count counts non-overlapping occurrences         | strings.count | ["cheese", "e"] | 3
        strings.count of the empty string counts code points+1   | strings.count | ["dummy", ""] | 6
        strings.reverse reverses code points                     | strings.reverse | ["abç"] | "çba"
        render_template substitutes fields                       | strings.render_template | ["{{.a}} and {{.b}}", {"a": "x", "b": 2}] | "x and 2"
        render_template ranges with index and value              | strings.render_template | ["{{range $i, $n := .xs}}{{if $i}},{{end}}hi {{$n}}{{end}}", {"xs": ["a", "b"]}] | "hi a,hi b"
        render_template renders missing keys as undefined        | strings.render_template | ["{{.nope}}", {}] | "<undefined>"
        """)
    void stringBuiltins(String behaviour, String builtin, String args, String expected) {
        BuiltinTesting.check(builtin, args, expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        %v prints a composite as Rego text                 | hi %v      | [["there", 5, 3.14]]     | hi ["there", 5, 3.14]
        %d pads with zeros                                  | hi %02d    | [5]                      | hi 05
        %X prints upper-case hex                            | %02X.%02X  | [127, 1]                 | 7F.01
        %.2f rounds a float                                 | %.2f       | [3.1415]                 | 3.14
        %s prints a boolean's text                          | hi %s      | [true]                   | hi true
        %s prints a big integer in decimal                  | %s         | [123456789123456789123]  | 123456789123456789123
        %v prints a float too large for float64 as written  | %v         | [2e308]                  | 2e308
        %d of a string is a Go bad-verb marker              | %d         | ["x"]                    | %!d(string=x)
        a missing argument is marked                        | %s %s      | ["a"]                    | a %!s(MISSING)
        an extra argument is marked                         | %s         | ["a", 1]                 | a%!(EXTRA int=1)
        %v of a float uses the shortest form                | %v         | [0.1]                    | 0.1
        %e uses two exponent digits                         | %e         | [1234.5]                 | 1.234500e+03
        %g switches to exponent form for large exponents    | %g         | [15000000.5]             | 1.50000005e+07
        %q quotes a string                                  | %q         | ["a\\"b"]                | "a\\"b"
        %-5s pads on the right                              | [%-5s]     | ["ab"]                   | [ab   ]
        %x of a string is hex of its bytes                  | %x         | ["hi"]                   | 6869
        %% prints a percent sign                            | 100%%      | []                       | 100%
        """)
    void sprintfFollowsGo(String behaviour, String format, String args, String expected) {
        String json = "[" + dev.gatehouse.rego.value.ValueJson.toJson(dev.gatehouse.rego.value.StringValue.of(format))
                + ", " + args + "]";
        BuiltinTesting.check("sprintf", json,
                dev.gatehouse.rego.value.ValueJson.toJson(dev.gatehouse.rego.value.StringValue.of(expected)));
    }
}

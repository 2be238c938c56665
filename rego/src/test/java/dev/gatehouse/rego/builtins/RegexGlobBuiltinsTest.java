package dev.gatehouse.rego.builtins;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Regular expressions (RE2 semantics) and globs. */
class RegexGlobBuiltinsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        regex.match finds a match anywhere                         | regex.match | ["b+", "abbc"] | true
        regex.match reports Go's syntax error                      | regex.match | ["[", "a"] | error: error parsing regexp: missing closing ]: `[`
        regex.is_valid rejects backreferences                      | regex.is_valid | ["(a)\\\\1"] | false
        regex.split splits on matches                              | regex.split | ["a+", "baaac"] | ["b", "c"]
        regex.find_n limits the number of matches                  | regex.find_n | ["[0-9]", "a1b2c3", 2] | ["1", "2"]
        regex.find_n ignores an empty match after a match          | regex.find_n | ["a*", "baaa", -1] | ["", "aaa"]
        regex.find_all_string_submatch_n returns groups            | regex.find_all_string_submatch_n | ["(a)(b)?", "ab a", -1] | [["ab", "a", "b"], ["a", "a", ""]]
        regex.replace expands groups                               | regex.replace | ["foo", "(foo)", "$1$1"] | "foofoo"
        regex.replace honours anchors once                         | regex.replace | ["foo", "^[a-z]", "F"] | "Foo"
        regex.replace treats $1x as a named group                  | regex.replace | ["ab", "(a)", "$1x"] | "b"
        regex.template_match matches literal and pattern parts     | regex.template_match | ["urn:foo:{.*}", "urn:foo:bar:baz", "{", "}"] | true
        regex.template_match rejects long delimiters               | regex.template_match | ["a", "a", "{{", "}"] | error: start delimiter has to be exactly one character long but is 2 long
        regex.globs_match intersects glob patterns                 | regex.globs_match | ["a.a.[0-9]+z", ".b.b2359825792*594823z"] | true
        regex.globs_match finds disjoint patterns                  | regex.globs_match | ["[a-z]+", "[0-9]*"] | false
        regex.globs_match reports a stray bracket                  | regex.globs_match | ["pqrs]", "[a-b]+"] | error: input:pqrs], pos:5, set-close ']' with no preceding '[': the input provided is invalid
        glob.match star stops at delimiters                        | glob.match | ["*.github.com", ["."], "api.not.github.com"] | false
        glob.match super-star crosses delimiters                   | glob.match | ["api.**.com", ["."], "api.cdn.github.com"] | true
        glob.match with null delimiters matches everything         | glob.match | ["*", null, "foo.bar"] | true
        glob.match with default delimiters                         | glob.match | ["*", [], "foo.bar"] | false
        glob.match alternatives and classes                        | glob.match | ["{cat,bat,[fr]at}", [], "rat"] | true
        glob.match negated class                                   | glob.match | ["[!a-c]at", [], "bat"] | false
        glob.match question mark                                   | glob.match | ["?at", ["f"], "fat"] | false
        glob.quote_meta escapes metacharacters                     | glob.quote_meta | ["*.github.com"] | "\\\\*.github.com"
        """)
    void regexAndGlob(String behaviour, String builtin, String args, String expected) {
        BuiltinTesting.check(builtin, args, expected);
    }
}

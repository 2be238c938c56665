package dev.gatehouse.rego.builtins;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** uri.* (Go net/url rules) and the GraphQL parsers. */
class UriGraphqlBuiltinsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        uri.parse splits every part                       | uri.parse | ["https://example.com:8080/api?q=1#top"] | {"scheme": "https", "hostname": "example.com", "port": "8080", "path": "/api", "raw_path": "/api", "raw_query": "q=1", "fragment": "top"}
        uri.parse keeps escaped slashes in raw_path       | uri.parse | ["https://example.com/a%2Fb"] | {"scheme": "https", "hostname": "example.com", "path": "/a/b", "raw_path": "/a%2Fb"}
        uri.parse strips IPv6 brackets                     | uri.parse | ["http://[::1]:80/"] | {"scheme": "http", "hostname": "::1", "port": "80", "path": "/", "raw_path": "/"}
        uri.parse of an opaque URI gives the scheme        | uri.parse | ["mailto:a@b.c"] | {"scheme": "mailto"}
        uri.parse rejects ASCII escapes in hosts           | uri.parse | ["http://exa%6dple.com/"] | error: parse "http://exa%6dple.com/": invalid URL escape "%6d"
        uri.parse rejects bad userinfo                     | uri.parse | ["http://a<b@example.com/"] | error: parse "http://a<b@example.com/": net/url: invalid userinfo
        uri.parse rejects non-ASCII port digits            | uri.parse | ["http://example.com:٣٤/"] | error: parse "http://example.com:٣٤/": invalid port ":٣٤" after host
        uri.is_valid of an empty string is false           | uri.is_valid | [""] | false
        uri.is_valid of an unclosed bracket is false       | uri.is_valid | ["http://[invalid"] | false
        graphql.parse_query returns operations             | graphql.parse_query | ["{ a }"] | {"Operations": [{"Name": "", "Operation": "query", "SelectionSet": [{"Alias": "a", "Name": "a"}]}]}
        graphql.parse_query reports EOF                    | graphql.parse_query | ["{"] | error: Expected Name, found <EOF> in GraphQL string at location 1:2
        graphql.parse_query wants on in fragments          | graphql.parse_query | ["fragment F T { a }"] | error: Expected "on", found Name "T" in GraphQL string at location 1:12
        graphql.parse_schema returns definitions           | graphql.parse_schema | ["type Hello { world: String }"] | {"Definitions": [{"BuiltIn": false, "Description": "", "Fields": [{"Description": "", "Name": "world", "Type": {"NamedType": "String", "NonNull": false}}], "Kind": "OBJECT", "Name": "Hello"}]}
        graphql.parse_schema wants at least one field      | graphql.parse_schema | ["type Hello {}"] | error: expected at least one definition, found } in GraphQL string at location 1:13
        graphql.parse_schema rejects unknown locations     | graphql.parse_schema | ["directive @foo on NOPE"] | error: Unexpected Name "NOPE" in GraphQL string at location 1:19
        graphql.schema_is_valid accepts a well-formed schema  | graphql.schema_is_valid | ["type Query { a: String }"] | true
        graphql.schema_is_valid rejects undefined interfaces | graphql.schema_is_valid | ["type A implements B { a: String }"] | false
        graphql.schema_is_valid rejects objects in inputs    | graphql.schema_is_valid | ["type P { a: Int } input I { p: P }"] | false
        graphql.is_valid accepts a matching query             | graphql.is_valid | ["{ a }", "type Query { a: String }"] | true
        graphql.is_valid rejects an unknown field             | graphql.is_valid | ["{ b }", "type Query { a: String }"] | false
        graphql.is_valid rejects unknown arguments            | graphql.is_valid | ["{ a(x: 1) }", "type Query { a: String }"] | false
        graphql.is_valid rejects unused variables             | graphql.is_valid | ["query Q($v: Int) { a }", "type Query { a: String }"] | false
        graphql.parse reports a missing required argument     | graphql.parse | ["{ a }", "type Query { a(x: Int!): String }"] | error: Field "a" argument "x" of type "Int!" is required, but it was not provided in GraphQL string at location 1:3
        graphql.parse_and_verify reports failure as a value   | graphql.parse_and_verify | ["{ b }", "type Query { a: String }"] | [false, {}, {}]
        """)
    void uriAndGraphql(String behaviour, String builtin, String args, String expected) {
        BuiltinTesting.check(builtin, args, expected);
    }
}

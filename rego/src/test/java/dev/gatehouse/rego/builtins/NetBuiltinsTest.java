package dev.gatehouse.rego.builtins;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** net.* with Go's address rules. */
class NetBuiltinsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        cidr_contains an address                           | net.cidr_contains | ["10.0.0.0/8", "10.1.2.3"] | true
        cidr_contains a narrower network                   | net.cidr_contains | ["10.0.0.0/8", "10.1.0.0/16"] | true
        cidr_contains refuses a wider network              | net.cidr_contains | ["10.0.0.0/16", "10.0.0.0/8"] | false
        cidr_contains IPv6                                 | net.cidr_contains | ["2001:db8::/32", "2001:db8:1::1"] | true
        cidr_contains rejects a bad CIDR                   | net.cidr_contains | ["10.0.0.0/33", "10.0.0.1"] | error: invalid CIDR address: 10.0.0.0/33
        cidr_contains rejects text that is neither         | net.cidr_contains | ["10.0.0.0/8", "nope"] | error: not a valid textual representation of an IP address or CIDR: nope
        cidr_intersects overlapping networks               | net.cidr_intersects | ["10.0.0.0/8", "10.200.0.0/16"] | true
        cidr_is_valid rejects leading zeros                | net.cidr_is_valid | ["10.01.0.0/8"] | false
        cidr_expand lists addresses                        | net.cidr_expand | ["192.168.1.0/31"] | {"$set": ["192.168.1.0", "192.168.1.1"]}
        cidr_expand prints IPv6 compressed                 | net.cidr_expand | ["fe80::/127"] | {"$set": ["fe80::", "fe80::1"]}
        cidr_merge merges adjacent networks                | net.cidr_merge | [["192.0.128.0/24", "192.0.129.0/24"]] | {"$set": ["192.0.128.0/23"]}
        cidr_merge gives bare IPv4 its classful mask       | net.cidr_merge | [["192.0.2.112"]] | {"$set": ["192.0.2.0/24"]}
        cidr_merge keeps families apart                    | net.cidr_merge | [["fe80::/120", "192.0.2.0/24"]] | {"$set": ["192.0.2.0/24", "fe80::/120"]}
        cidr_merge splits a merged range into CIDRs        | net.cidr_merge | [["192.0.2.112/30", "192.0.2.116/31", "192.0.2.118/31"]] | {"$set": ["192.0.2.112/29"]}
        cidr_merge wants a prefix on IPv6                  | net.cidr_merge | [["2001:db8::1"]] | error: IPv6 invalid: needs prefix length
        cidr_contains_matches pairs indices                | net.cidr_contains_matches | [["1.0.0.0/8", "2.0.0.0/8"], {"x": "2.1.1.1"}] | {"$set": [[1, "x"]]}
        cidr_contains_matches rejects empty arrays         | net.cidr_contains_matches | [[[]], "1.1.1.1"] | error: operand 1: element must be string or non-empty array
        lookup_ip_addr needs network permission            | net.lookup_ip_addr | ["localhost"] | error: network access is not allowed
        """)
    void netBuiltins(String behaviour, String builtin, String args, String expected) {
        BuiltinTesting.check(builtin, args, expected);
    }
}

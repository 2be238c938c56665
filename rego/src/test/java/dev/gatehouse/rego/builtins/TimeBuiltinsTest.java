package dev.gatehouse.rego.builtins;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** time.* with Go layouts and IANA zones. */
class TimeBuiltinsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        now_ns is the query time                               | time.now_ns | [] | 1709294400000000000
        parse_rfc3339_ns honours the offset                    | time.parse_rfc3339_ns | ["2017-06-02T19:00:00-07:00"] | 1496455200000000000
        parse_rfc3339_ns accepts the last representable instant | time.parse_rfc3339_ns | ["2262-04-11T23:47:16.854775807-00:00"] | 9223372036854775807
        parse_rfc3339_ns rejects instants beyond int64         | time.parse_rfc3339_ns | ["2262-04-11T23:47:16.854775808-00:00"] | error: time outside of valid range
        parse_ns with a Go layout                              | time.parse_ns | ["2006-01-02", "2020-03-01"] | 1583020800000000000
        parse_ns with a named layout                           | time.parse_ns | ["RFC822Z", "02 Jan 06 15:04 -0700"] | 1136239440000000000
        parse_ns with month names and 12-hour clock            | time.parse_ns | ["Jan _2 3:04PM 2006", "Feb  3 4:05PM 2021"] | 1612368300000000000
        parse_duration_ns sums units                           | time.parse_duration_ns | ["1h30m1.5s"] | 5401500000000
        parse_duration_ns rejects unknown units                | time.parse_duration_ns | ["1x"] | error: time: unknown unit "x" in duration "1x"
        format defaults to RFC3339Nano                         | time.format | [1582977600000000000] | "2020-02-29T12:00:00Z"
        format in a zone with a named layout                   | time.format | [[1582977600000000000, "Asia/Kolkata", "RFC1123Z"]] | "Sat, 29 Feb 2020 17:30:00 +0530"
        format with fractional seconds trimmed                 | time.format | [[1582977600120000000, "UTC", "15:04:05.999"]] | "12:00:00.12"
        date in a zone                                         | time.date | [[1582977600000000000, "America/Los_Angeles"]] | [2020, 2, 29]
        clock in a zone                                        | time.clock | [[1582977600000000000, "America/New_York"]] | [7, 0, 0]
        weekday names the day                                  | time.weekday | [1517832000000000000] | "Monday"
        add_date overflows Feb 31 into March like Go          | time.add_date | [1580428800000000000, 0, 1, 0] | 1583107200000000000
        add_date outside int64 is an error                     | time.add_date | [0, 2262, 1, 1] | error: time outside of valid range
        diff counts calendar units                             | time.diff | [1580515200000000000, 1583020800000000000] | [0, 1, 0, 0, 0, 0]
        a fractional timestamp is refused                      | time.date | [1.5] | error: timestamp too big
        an unknown zone is an error                            | time.date | [[0, "Mars/Olympus"]] | error: unknown time zone Mars/Olympus
        a string timestamp is a type error                     | time.date | ["x"] | type_error: operand 1 must be either number (ns) or [number (ns), string (tz)] but got string
        """)
    void timeBuiltins(String behaviour, String builtin, String args, String expected) {
        BuiltinTesting.check(builtin, args, expected);
    }
}

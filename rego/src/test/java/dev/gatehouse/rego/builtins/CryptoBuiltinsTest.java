package dev.gatehouse.rego.builtins;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Digests, HMACs and key parsing. */
class CryptoBuiltinsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        md5 in hex                                   | crypto.md5 | ["abc"] | "900150983cd24fb0d6963f7d28e17f72"
        sha1 in hex                                  | crypto.sha1 | ["abc"] | "a9993e364706816aba3e25717850c26c9cd0d89d"
        sha256 in hex                                | crypto.sha256 | ["abc"] | "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        hmac sha256 in hex                           | crypto.hmac.sha256 | ["message", "key"] | "6e9ef29b75fffc5b7abae527d58fdadb2fe42e7219011976917343065f58ed4a"
        hmac with an empty key                       | crypto.hmac.sha1 | ["", ""] | "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d"
        hmac.equal compares                          | crypto.hmac.equal | ["abc", "abc"] | true
        parse_private_keys of an empty string is null | crypto.parse_private_keys | [""] | null
        parse_private_keys of garbage is empty        | crypto.parse_private_keys | ["nope"] | []
        parse_certificates of garbage is an error     | crypto.x509.parse_certificates | ["bm9wZQ=="] | error: x509: malformed certificate
        parse_rsa_private_key of garbage reports base64 | crypto.x509.parse_rsa_private_key | ["invalid"] | error: illegal base64 data at input byte 4
        """)
    void cryptoBuiltins(String behaviour, String builtin, String args, String expected) {
        BuiltinTesting.check(builtin, args, expected);
    }
}

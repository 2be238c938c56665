package dev.gatehouse.rego.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.StringValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** providers.aws.sign_req against signatures OPA produces, and http.send's request validation. */
class AwsBuiltinsTest {

    private static final String CONFIG = "{\"aws_access_key\": \"MYAWSACCESSKEYGOESHERE\", \"aws_secret_access_key\": "
            + "\"MYAWSSECRETACCESSKEYGOESHERE\", \"aws_service\": \"s3\", \"aws_region\": \"us-east-1\"}";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        a request without body           | {"method": "get", "url": "http://example.com"}                      | 0047a7016c81e5c7f29cd522f97e911e04fc472fced0aee7916cbc287ad6c8e3
        a request with a header          | {"method": "get", "url": "http://example.com", "headers": {"foo": "bar"}} | 8f1dc7c9b9978356a0d0989fd26a95307f4f8a4aa264d8220647b7097d839952
        a request with a JSON body       | {"method": "get", "url": "http://example.com", "body": {"example": {"$set": [1, 2, 3, 4]}}} | 5fb06ab1cfd74c8fcb3af95b8cce696708cf6155d971dac10f254d79799c6e88
        """)
    void signReq_matchesOpaSignatures(String behaviour, String request, String signature) {
        ObjectValue out = (ObjectValue) BuiltinTesting.call("providers.aws.sign_req",
                "[" + request + ", " + CONFIG + ", 1451311705000000000]");
        String auth = ((StringValue) ((ObjectValue) out.get("headers")).get("Authorization")).value();
        assertThat(auth).endsWith("Signature=" + signature).contains("Credential=MYAWSACCESSKEYGOESHERE/20151228/us-east-1/s3/aws4_request");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        missing request keys are named       | {"headers": {}}                         | 1451311705000000000 | type_error: operand 1 missing required request parameters(s): {"method", "url"}
        a negative timestamp is refused      | {"method": "get", "url": "http://e.com"} | -1000000000         | type_error: operand 3 could not convert time_ns value into a unix timestamp
        """)
    void signReq_reportsBadInput(String behaviour, String request, String time, String expected) {
        BuiltinTesting.check("providers.aws.sign_req", "[" + request + ", " + CONFIG + ", " + time + "]", expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
        http.send names missing keys             | [{"method": "get"}] | type_error: operand 1 missing required request parameters(s): {"url"}
        http.send names unknown keys             | [{"method": "get", "url": "http://x", "bad_key": 1}] | type_error: operand 1 invalid request parameters(s): {"bad_key"}
        http.send refuses TLS trust overrides    | [{"method": "get", "url": "http://x", "tls_insecure_skip_verify": true}] | error: tls_insecure_skip_verify is not supported
        http.send needs network permission       | [{"method": "get", "url": "http://x"}] | error: network access is not allowed
        """)
    void httpSend_validatesBeforeAnyNetworkUse(String behaviour, String args, String expected) {
        BuiltinTesting.check("http.send", args, expected);
    }
}

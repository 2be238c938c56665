package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code providers.aws.sign_req}: AWS Signature Version 4 for an http.send request object, as OPA's
 * {@code providers.go} and {@code internal/providers/aws} compute it (canonical request over the request's headers
 * plus host and x-amz-* headers, payload hash or UNSIGNED-PAYLOAD). Pure: time comes from the third argument.
 */
final class AwsBuiltins implements BuiltinFamily {

    private static final List<String> REQUIRED_CONFIG = List.of("aws_access_key", "aws_region",
            "aws_secret_access_key", "aws_service");
    private static final Set<String> IGNORED_HEADERS = Set.of("authorization", "user-agent", "x-amzn-trace-id");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    @Override
    public List<Builtin> builtins() {
        return List.of(Builtin.of(BuiltinDecl.builder("providers.aws.sign_req").category("providers.aws")
                .arg("request", Types.objectOf(Types.STRING, Types.ANY))
                .arg("aws_config", Types.objectOf(Types.STRING, Types.ANY)).arg("time_ns", Types.NUMBER)
                .result(Types.ANY_OBJECT).build(), AwsBuiltins::signReq));
    }

    private static String str(ObjectValue o, String key) {
        return o.get(key) instanceof StringValue s ? s.value() : "";
    }

    private static SetValue names(List<String> keys) {
        SetValue.Builder b = SetValue.builder();
        keys.forEach(k -> b.add(StringValue.of(k)));
        return b.build();
    }

    static Value signReq(BuiltinContext ctx, Value[] a) {
        ObjectValue req = Operands.object(a[0], 1);
        ObjectValue config = Operands.object(a[1], 1);
        List<String> missing = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (String k : REQUIRED_CONFIG) {
            Value v = config.get(k);
            if (v == null) {
                missing.add(k);
            } else if (!(v instanceof StringValue)) {
                invalid.add(k);
            }
        }
        if (!missing.isEmpty()) {
            throw Operands.error(2, "missing required AWS config parameters(s): " + names(missing));
        }
        if (!invalid.isEmpty()) {
            throw Operands.error(2, "invalid values for required AWS config parameters(s): " + names(invalid));
        }
        NumberValue ts = Operands.number(a[2], 1);
        if (!ts.isLong() || ts.signum() < 0) {
            throw Operands.error(3, "could not convert time_ns value into a unix timestamp");
        }
        HttpBuiltins.validate(req);
        Value url = req.get("url");
        Value method = req.get("method");
        ObjectValue headers = ObjectValue.EMPTY;
        Value headersValue = req.get("headers");
        if (headersValue != null) {
            if (!(headersValue instanceof ObjectValue h)) {
                throw Operands.typeError(0, headersValue, "object");
            }
            headers = h;
        }
        List<String> badParams = new ArrayList<>();
        if (!(url instanceof StringValue)) {
            badParams.add("url");
        }
        if (!(method instanceof StringValue)) {
            badParams.add("method");
        }
        if (!badParams.isEmpty()) {
            throw Operands.error(1, "invalid values for required request parameters(s): " + names(badParams));
        }
        UriBuiltins.Url parsed = UriBuiltins.parse(((StringValue) url).value());
        String host = parsed.hostname().contains(":") ? "[" + parsed.hostname() + "]" : parsed.hostname();
        if (!parsed.port().isEmpty()) {
            host += ":" + parsed.port();
        }
        String body;
        if (req.get("raw_body") != null) {
            body = str(req, "raw_body");
        } else if (req.get("body") != null) {
            body = GoJson.marshal(req.get("body"));
        } else {
            body = "";
        }
        boolean unsignedPayload = false;
        Value disable = config.get("disable_payload_signing");
        if (disable != null) {
            if (!(disable instanceof BooleanValue b)) {
                throw Operands.error(2, "invalid value for 'disable_payload_signing' in AWS config");
            }
            unsignedPayload = b.value();
        }
        String service = str(config, "aws_service");
        String region = str(config, "aws_region");
        Instant when = Instant.ofEpochSecond(0, ts.longValue());
        String date = DATE.format(when);
        String stamp = STAMP.format(when);
        String payloadHash = unsignedPayload ? "UNSIGNED-PAYLOAD" : hex(sha256(body.getBytes(StandardCharsets.UTF_8)));

        Map<String, String> awsHeaders = new TreeMap<>();
        awsHeaders.put("host", host);
        awsHeaders.put("x-amz-date", stamp);
        if (service.equals("s3") || service.equals("glacier") || unsignedPayload) {
            awsHeaders.put("x-amz-content-sha256", payloadHash);
        }
        String token = str(config, "aws_session_token");
        if (!token.isEmpty()) {
            awsHeaders.put("x-amz-security-token", token);
        }
        // Sorted by byte order (Go's sort.Strings); the request's own headers override the AWS ones when signing.
        Map<String, String> toSign = new TreeMap<>(awsHeaders);
        for (int i = 0; i < headers.size(); i++) {
            String k = GoJson.keyText(headers.keyAt(i)).toLowerCase(Locale.ROOT);
            if (!IGNORED_HEADERS.contains(k)) {
                toSign.put(k, headers.valueAt(i) instanceof StringValue s ? s.value() : "");
            }
        }
        StringBuilder canonical = new StringBuilder();
        canonical.append(((StringValue) method).value()).append('\n')
                .append(parsed.rawPath()).append('\n')
                .append(parsed.rawQuery()).append('\n');
        toSign.forEach((k, v) -> canonical.append(k).append(':').append(v).append('\n'));
        canonical.append('\n');
        String signedHeaders = String.join(";", toSign.keySet());
        canonical.append(signedHeaders).append('\n').append(payloadHash);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = "AWS4-HMAC-SHA256\n" + stamp + "\n" + scope + "\n"
                + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + str(config, "aws_secret_access_key")).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String signature = hex(hmac(key, stringToSign));
        String authorization = "AWS4-HMAC-SHA256 Credential=" + str(config, "aws_access_key") + "/" + scope
                + ",SignedHeaders=" + signedHeaders + ",Signature=" + signature;

        ObjectValue.Builder out = ObjectValue.builder();
        for (int i = 0; i < headers.size(); i++) {
            out.put(GoJson.keyText(headers.keyAt(i)),
                    headers.valueAt(i) instanceof StringValue s ? s : StringValue.EMPTY);
        }
        out.put("Authorization", StringValue.of(authorization));
        awsHeaders.forEach((k, v) -> out.put(k, StringValue.of(v)));
        return req.with(StringValue.of("headers"), out.build());
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}

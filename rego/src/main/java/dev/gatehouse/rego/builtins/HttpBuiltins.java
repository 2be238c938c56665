package dev.gatehouse.rego.builtins;

import dev.gatehouse.rego.value.ArrayValue;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NullValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.SetValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code http.send}: request validation as OPA does it (required and known keys), and, only when the query's
 * context allows network use, the request itself through the JDK's HTTP client. Supported options: method, url,
 * headers, body, raw_body, timeout, enable_redirect, force_json_decode, force_yaml_decode, raise_error; TLS client
 * options and response caching are refused or ignored as documented below. Stateless.
 */
final class HttpBuiltins implements BuiltinFamily {

    private static final Set<String> KEYS = Set.of("method", "url", "body", "enable_redirect", "force_json_decode",
            "force_yaml_decode", "headers", "raw_body", "tls_use_system_certs", "tls_ca_cert", "tls_ca_cert_file",
            "tls_ca_cert_env_variable", "tls_client_cert", "tls_client_cert_file", "tls_client_cert_env_variable",
            "tls_client_key", "tls_client_key_file", "tls_client_key_env_variable", "tls_insecure_skip_verify",
            "tls_server_name", "timeout", "cache", "force_cache", "force_cache_duration_seconds", "raise_error",
            "caching_mode", "max_retry_attempts", "cache_ignored_headers");
    /** Options that change TLS trust; refusing them is safer than silently ignoring them. */
    private static final Set<String> UNSUPPORTED = Set.of("tls_ca_cert", "tls_ca_cert_file", "tls_ca_cert_env_variable",
            "tls_client_cert", "tls_client_cert_file", "tls_client_cert_env_variable", "tls_client_key",
            "tls_client_key_file", "tls_client_key_env_variable", "tls_insecure_skip_verify", "tls_server_name");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    @Override
    public List<Builtin> builtins() {
        return List.of(Builtin.of(BuiltinDecl.builder("http.send").category("http")
                .arg("request", Types.objectOf(Types.STRING, Types.ANY)).result(Types.ANY_OBJECT).nondeterministic()
                .build(), HttpBuiltins::send));
    }

    private static SetValue names(List<String> keys) {
        SetValue.Builder b = SetValue.builder();
        keys.forEach(k -> b.add(StringValue.of(k)));
        return b.build();
    }

    static void validate(ObjectValue req) {
        List<String> missing = new ArrayList<>();
        for (String k : List.of("method", "url")) {
            if (req.get(k) == null) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            throw Operands.error(1, "missing required request parameters(s): " + names(missing));
        }
        List<String> unknown = new ArrayList<>();
        for (int i = 0; i < req.size(); i++) {
            String k = GoJson.keyText(req.keyAt(i));
            if (!KEYS.contains(k)) {
                unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            throw Operands.error(1, "invalid request parameters(s): " + names(unknown));
        }
    }

    static Value send(BuiltinContext ctx, Value[] a) {
        ObjectValue req = Operands.object(a[0], 1);
        validate(req);
        if (!(req.get("method") instanceof StringValue method) || !(req.get("url") instanceof StringValue url)) {
            throw Operands.error(1, "method and url must be strings");
        }
        for (String k : UNSUPPORTED) {
            if (req.get(k) != null && req.get(k) != BooleanValue.FALSE) {
                throw BuiltinException.builtinError(k + " is not supported");
            }
        }
        if (!ctx.networkAllowed()) {
            throw BuiltinException.builtinError("network access is not allowed");
        }
        ctx.checkCancelled();
        boolean raiseError = req.get("raise_error") != BooleanValue.FALSE;
        try {
            return call(req, method.value().toUpperCase(Locale.ROOT), url.value());
        } catch (IOException | IllegalArgumentException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (raiseError) {
                throw BuiltinException.builtinError(method.value().toUpperCase(Locale.ROOT) + " " + url.value() + ": "
                        + message);
            }
            return ObjectValue.builder().put("status_code", NumberValue.ZERO).put("error", ObjectValue.builder()
                    .put("code", StringValue.of("eval_http_send_network_error"))
                    .put("message", StringValue.of(message)).build()).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BuiltinException.builtinError("request interrupted");
        }
    }

    private static Duration timeout(Value v) {
        if (v == null) {
            return DEFAULT_TIMEOUT;
        }
        if (v instanceof NumberValue n && n.isLong() && n.longValue() > 0) {
            return Duration.ofNanos(n.longValue());
        }
        if (v instanceof StringValue s) {
            return Duration.ofNanos(GoTime.parseDuration(s.value()));
        }
        throw Operands.error(1, "timeout must be a duration string or nanoseconds");
    }

    private static Value call(ObjectValue req, String method, String url) throws IOException, InterruptedException {
        String body = "";
        if (req.get("raw_body") instanceof StringValue raw) {
            body = raw.value();
        } else if (req.get("body") != null) {
            body = GoJson.marshal(req.get("body"));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout(req.get("timeout")))
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (req.get("headers") instanceof ObjectValue headers) {
            for (int i = 0; i < headers.size(); i++) {
                if (headers.valueAt(i) instanceof StringValue v) {
                    b.header(GoJson.keyText(headers.keyAt(i)), v.value());
                }
            }
        }
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(req.get("enable_redirect") == BooleanValue.TRUE ? HttpClient.Redirect.NORMAL
                        : HttpClient.Redirect.NEVER)
                .connectTimeout(timeout(req.get("timeout"))).build();
        HttpResponse<byte[]> resp = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        String raw = new String(resp.body(), StandardCharsets.UTF_8);
        Map<String, Value> headers = new TreeMap<>();
        resp.headers().map().forEach((k, vs) -> {
            List<Value> values = new ArrayList<>();
            vs.forEach(v -> values.add(StringValue.of(v)));
            headers.put(k.toLowerCase(Locale.ROOT), ArrayValue.of(values));
        });
        String contentType = resp.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
        Value decoded = NullValue.INSTANCE;
        try {
            if (req.get("force_json_decode") == BooleanValue.TRUE || contentType.contains("json")) {
                decoded = ValueJson.parse(raw);
            } else if (req.get("force_yaml_decode") == BooleanValue.TRUE || contentType.contains("yaml")) {
                decoded = EncodingBuiltins.yamlUnmarshal(raw);
            }
        } catch (IllegalArgumentException | BuiltinException undecodable) {
            decoded = NullValue.INSTANCE;
        }
        ObjectValue.Builder out = ObjectValue.builder()
                .put("status", StringValue.of(resp.statusCode() + " " + reason(resp.statusCode())))
                .put("status_code", NumberValue.of(resp.statusCode()))
                .put("body", decoded)
                .put("raw_body", StringValue.of(raw));
        ObjectValue.Builder h = ObjectValue.builder();
        headers.forEach(h::put);
        out.put("headers", h.build());
        return out.build();
    }

    /** The reason phrases Go's net/http prints after the status code. */
    private static String reason(int code) {
        return switch (code) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 202 -> "Accepted";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }
}

package dev.gatehouse.server.http;

import io.vertx.core.http.HttpMethod;
import java.util.Objects;

/**
 * One line of the route table: method and exact path, the endpoint name used in metrics and logs, and the
 * endpoint.
 */
public record Route(HttpMethod method, String path, String name, Endpoint endpoint) {
    public Route {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(endpoint, "endpoint");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("A route path must start with '/', got \"" + path + "\".");
        }
    }

    public static Route get(String path, String name, Endpoint endpoint) {
        return new Route(HttpMethod.GET, path, name, endpoint);
    }

    public static Route post(String path, String name, Endpoint endpoint) {
        return new Route(HttpMethod.POST, path, name, endpoint);
    }
}

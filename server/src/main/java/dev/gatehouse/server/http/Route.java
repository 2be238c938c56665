package dev.gatehouse.server.http;

import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.Objects;

/**
 * One line of the route table: method and path, the endpoint name used in metrics and logs, and the endpoint. The
 * path is exact, or a {@link PathTemplate} when it names {@code {variables}} (see {@link #template}).
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

    /**
     * A templated route: the router matches {@code pattern} only after the exact paths missed, and the endpoint
     * receives the path's variables.
     */
    public static Route template(HttpMethod method, String pattern, String name, PathEndpoint endpoint) {
        PathTemplate template = PathTemplate.compile(pattern);
        Objects.requireNonNull(endpoint, "endpoint");
        return new Route(method, pattern, name, (request, body) -> {
            Map<String, String> variables = template.match(request.path());
            if (variables == null) {
                // Only the router calls this, after the template matched; anything else is a wiring mistake.
                throw new IllegalStateException(request.path() + " does not match " + pattern);
            }
            return endpoint.handle(request, variables, body);
        });
    }
}

package dev.gatehouse.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A route path with named single-segment variables, such as
 * {@code /api/v1/namespaces/{namespace}/serviceaccounts/{name}/token}. A variable matches exactly one non-empty
 * path segment (no '/'); literal segments match exactly. No wildcards, no regular expressions: a path either has
 * the template's shape or it does not, and matching costs one pass over the path without allocating.
 *
 * <pre>{@code
 * PathTemplate token = PathTemplate.compile("/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token");
 * Map<String, String> variables = token.match(request.path());   // null when the path has another shape
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class PathTemplate {

    private final String pattern;
    /** One entry per segment: the literal text, or null for a variable. */
    private final String[] literals;
    private final String[] variables;

    private PathTemplate(String pattern, String[] literals, String[] variables) {
        this.pattern = pattern;
        this.literals = literals;
        this.variables = variables;
    }

    /** True when the path names at least one variable ({@code {...}}), so it is not an exact route. */
    public static boolean isTemplate(String path) {
        return path.indexOf('{') >= 0;
    }

    /** Compiles a template; every segment is a literal or a whole {@code {name}}, names distinct. */
    public static PathTemplate compile(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("A path template must start with '/', got \"" + pattern + "\".");
        }
        String[] segments = pattern.substring(1).split("/", -1);
        String[] literals = new String[segments.length];
        String[] variables = new String[segments.length];
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("A path template may not have empty segments: \"" + pattern + "\".");
            }
            if (segment.startsWith("{") && segment.endsWith("}") && segment.length() > 2) {
                String name = segment.substring(1, segment.length() - 1);
                if (name.indexOf('{') >= 0 || name.indexOf('}') >= 0 || seen.contains(name)) {
                    throw new IllegalArgumentException("Bad or repeated variable \"" + segment + "\" in \"" + pattern + "\".");
                }
                seen.add(name);
                variables[i] = name;
            } else if (segment.indexOf('{') >= 0 || segment.indexOf('}') >= 0) {
                throw new IllegalArgumentException("A variable must be a whole segment: \"" + segment + "\" in \""
                        + pattern + "\".");
            } else {
                literals[i] = segment;
            }
        }
        if (seen.isEmpty()) {
            throw new IllegalArgumentException("A path template needs at least one {variable}: \"" + pattern + "\".");
        }
        return new PathTemplate(pattern, literals, variables);
    }

    /** The template text, as written in the route table. */
    public String pattern() {
        return pattern;
    }

    /** Whether the path has this template's shape. Allocates nothing. */
    public boolean matches(String path) {
        return walk(path, null);
    }

    /** The variables of a matching path, in template order; null when the path does not match. */
    public Map<String, String> match(String path) {
        Map<String, String> values = new LinkedHashMap<>(4);
        return walk(path, values) ? values : null;
    }

    private boolean walk(String path, Map<String, String> values) {
        if (path == null || path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        int start = 1;
        for (int i = 0; i < literals.length; i++) {
            if (start > path.length()) {
                return false;
            }
            int end = path.indexOf('/', start);
            boolean last = i == literals.length - 1;
            if (last ? end >= 0 : end < 0) {
                return false; // more or fewer segments than the template
            }
            if (end < 0) {
                end = path.length();
            }
            if (end == start) {
                return false; // an empty segment never matches
            }
            if (literals[i] != null) {
                if (end - start != literals[i].length() || !path.regionMatches(start, literals[i], 0, literals[i].length())) {
                    return false;
                }
            } else if (values != null) {
                values.put(variables[i], path.substring(start, end));
            }
            start = end + 1;
        }
        return true;
    }

    @Override
    public String toString() {
        return pattern;
    }
}

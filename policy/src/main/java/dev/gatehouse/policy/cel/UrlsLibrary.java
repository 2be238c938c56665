package dev.gatehouse.policy.cel;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import java.util.List;

/**
 * Kubernetes' URL library ({@code kubernetes.urls}): {@code url(s)} (which must pass Go's
 * {@code url.ParseRequestURI}: an absolute URI or an absolute path), {@code isURL(s)}, and on a URL
 * {@code getScheme()}, {@code getHost()} (with port; IPv6 in brackets), {@code getHostname()}, {@code getPort()},
 * {@code getEscapedPath()}, {@code getQuery()} ({@code map<string, list<string>>}).
 *
 * <p>Errors: {@code URL parse error during conversion from string: parse "x": invalid URI for request}.
 */
final class UrlsLibrary implements KubernetesCelLibrary {
  /** The CEL type of URLs. */
  static final CelType URL = OpaqueType.create("kubernetes.URL");

  // Declared after the static types the overloads use: class initialisation runs in textual order.
  static final UrlsLibrary INSTANCE = new UrlsLibrary();

  private final List<LibraryOverload> overloads = List.of(
      LibraryOverload.global("url", "string_to_url", URL, SimpleType.STRING, String.class, UrlsLibrary::parse),
      LibraryOverload.global("isURL", "is_url_string", SimpleType.BOOL, SimpleType.STRING, String.class,
          UrlsLibrary::isUrl),
      LibraryOverload.member("getScheme", "url_get_scheme", SimpleType.STRING, URL, GoUrl.class, GoUrl::scheme),
      LibraryOverload.member("getHost", "url_get_host", SimpleType.STRING, URL, GoUrl.class, GoUrl::host),
      LibraryOverload.member("getHostname", "url_get_hostname", SimpleType.STRING, URL, GoUrl.class,
          GoUrl::hostname),
      LibraryOverload.member("getPort", "url_get_port", SimpleType.STRING, URL, GoUrl.class, GoUrl::port),
      LibraryOverload.member("getEscapedPath", "url_get_escaped_path", SimpleType.STRING, URL, GoUrl.class,
          GoUrl::escapedPath),
      LibraryOverload.member("getQuery", "url_get_query",
          MapType.create(SimpleType.STRING, ListType.create(SimpleType.STRING)), URL, GoUrl.class, GoUrl::query));

  private UrlsLibrary() {}

  @Override
  public String name() {
    return "kubernetes.urls";
  }

  @Override
  public List<LibraryOverload> overloads() {
    return overloads;
  }

  private static Object parse(String s) throws CelEvaluationException {
    try {
      GoUrl.parseRequestUri(s);
      // ParseRequestURI keeps a fragment in the path or query; Kubernetes re-parses with url.Parse for the value.
      return GoUrl.parse(s);
    } catch (IllegalArgumentException e) {
      throw CelOperations.error("URL parse error during conversion from string: " + e.getMessage());
    }
  }

  private static Object isUrl(String s) {
    try {
      GoUrl.parseRequestUri(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}

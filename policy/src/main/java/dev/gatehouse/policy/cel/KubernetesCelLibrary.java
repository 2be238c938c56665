package dev.gatehouse.policy.cel;

import java.util.List;

/**
 * One of Kubernetes' CEL function libraries (k8s.io/apiserver/pkg/cel/library), re-implemented on cel-java, or a
 * cel-go extension function Kubernetes enables that cel-java lacks ({@code string.format}).
 *
 * <p>Each library is one class that lists its overloads, declaration and binding together. Implementations are
 * stateless singletons, immutable and thread-safe. {@link KubernetesCelLibraries#all()} is the registry.
 */
public sealed interface KubernetesCelLibrary
    permits ListsLibrary, RegexLibrary, UrlsLibrary, QuantityLibrary, IpLibrary, CidrLibrary, FormatLibrary,
        SemverLibrary, StringFormatLibrary, ListsRangeLibrary, SetsLibrary {

  /** The library name Kubernetes uses, e.g. {@code kubernetes.lists}. */
  String name();

  /** Every overload of every function of the library. */
  List<LibraryOverload> overloads();
}

package dev.gatehouse.policy.cel;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The registry of Kubernetes CEL libraries that {@link KubernetesCelEnvironment} installs, in one explicit list.
 *
 * <p>Checked once at class initialisation: overload ids must be unique across all libraries, so that a binding can
 * never shadow another library's. Thread-safe (immutable).
 */
public final class KubernetesCelLibraries {
  private static final List<KubernetesCelLibrary> ALL = List.of(
      ListsLibrary.INSTANCE,
      RegexLibrary.INSTANCE,
      UrlsLibrary.INSTANCE,
      QuantityLibrary.INSTANCE,
      IpLibrary.INSTANCE,
      CidrLibrary.INSTANCE,
      FormatLibrary.INSTANCE,
      SemverLibrary.INSTANCE,
      StringFormatLibrary.INSTANCE,
      ListsRangeLibrary.INSTANCE,
      SetsLibrary.INSTANCE);

  static {
    Set<String> ids = new HashSet<>();
    for (KubernetesCelLibrary library : ALL) {
      for (LibraryOverload overload : library.overloads()) {
        if (!ids.add(overload.overloadId())) {
          throw new IllegalStateException("Overload ids must be unique across CEL libraries; library "
              + library.name() + " repeats " + overload.overloadId());
        }
        if (!overload.overloadId().equals(overload.binding().getOverloadId())) {
          throw new IllegalStateException("The binding of overload " + overload.overloadId() + " in library "
              + library.name() + " is registered under " + overload.binding().getOverloadId());
        }
      }
    }
  }

  private KubernetesCelLibraries() {}

  /** Every library, in installation order. */
  public static List<KubernetesCelLibrary> all() {
    return ALL;
  }
}

package dev.gatehouse.policy.cel;

import com.google.common.collect.ImmutableSet;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The object types Kubernetes declares for admission expressions: {@code request} is a
 * {@code kubernetes.AdmissionRequest} (so {@code request.operaton} is a compile error), with
 * {@code kubernetes.GroupVersionKind}, {@code kubernetes.GroupVersionResource} and {@code kubernetes.UserInfo}
 * inside. {@code uid} is not declared, as in Kubernetes. At run time the value is the unstructured request (a
 * map); an absent field reads as {@code no such key}, and {@code has()} tests presence. Immutable, thread-safe.
 */
final class AdmissionTypes {
  static final StructType GROUP_VERSION_KIND = struct("kubernetes.GroupVersionKind", fields(
      "group", SimpleType.STRING, "version", SimpleType.STRING, "kind", SimpleType.STRING));
  static final StructType GROUP_VERSION_RESOURCE = struct("kubernetes.GroupVersionResource", fields(
      "group", SimpleType.STRING, "version", SimpleType.STRING, "resource", SimpleType.STRING));
  static final StructType USER_INFO = struct("kubernetes.UserInfo", fields(
      "username", SimpleType.STRING,
      "uid", SimpleType.STRING,
      "groups", ListType.create(SimpleType.STRING),
      "extra", MapType.create(SimpleType.STRING, ListType.create(SimpleType.STRING))));
  static final StructType ADMISSION_REQUEST = struct("kubernetes.AdmissionRequest", fields(
      "kind", GROUP_VERSION_KIND,
      "resource", GROUP_VERSION_RESOURCE,
      "subResource", SimpleType.STRING,
      "requestKind", GROUP_VERSION_KIND,
      "requestResource", GROUP_VERSION_RESOURCE,
      "requestSubResource", SimpleType.STRING,
      "name", SimpleType.STRING,
      "namespace", SimpleType.STRING,
      "operation", SimpleType.STRING,
      "userInfo", USER_INFO,
      "dryRun", SimpleType.BOOL,
      "options", SimpleType.DYN));

  /** Every type above, for the checker's type provider. */
  static final List<StructType> ALL = List.of(GROUP_VERSION_KIND, GROUP_VERSION_RESOURCE, USER_INFO,
      ADMISSION_REQUEST);

  private AdmissionTypes() {}

  private static Map<String, CelType> fields(Object... nameTypePairs) {
    Map<String, CelType> m = new LinkedHashMap<>();
    for (int i = 0; i < nameTypePairs.length; i += 2) {
      m.put((String) nameTypePairs[i], (CelType) nameTypePairs[i + 1]);
    }
    return m;
  }

  static StructType struct(String name, Map<String, CelType> fields) {
    Map<String, CelType> copy = new LinkedHashMap<>(fields);
    return StructType.create(name, ImmutableSet.copyOf(copy.keySet()), f -> Optional.ofNullable(copy.get(f)));
  }
}

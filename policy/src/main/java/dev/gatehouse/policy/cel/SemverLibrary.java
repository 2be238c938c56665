package dev.gatehouse.policy.cel;

import dev.cel.common.types.CelType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import java.util.List;

/**
 * Kubernetes' semver library ({@code kubernetes.Semver}): {@code semver(s)}, {@code semver(s, normalize)},
 * {@code isSemver(s)}, {@code isSemver(s, normalize)}, and on a version {@code major()}, {@code minor()},
 * {@code patch()}, {@code isGreaterThan}, {@code isLessThan}, {@code compareTo}. Versions compare equal when they
 * have the same precedence (build metadata ignored). Parse errors are blang/semver's messages.
 */
final class SemverLibrary implements KubernetesCelLibrary {
  /** The CEL type of semantic versions. */
  static final CelType SEMVER = OpaqueType.create("kubernetes.Semver");

  // Declared after the static types the overloads use: class initialisation runs in textual order.
  static final SemverLibrary INSTANCE = new SemverLibrary();

  private final List<LibraryOverload> overloads = List.of(
      LibraryOverload.global("semver", "string_to_semver", SEMVER, SimpleType.STRING, String.class,
          s -> parse(s, false)),
      LibraryOverload.global("semver", "string_bool_to_semver", SEMVER, SimpleType.STRING, SimpleType.BOOL,
          String.class, Boolean.class, SemverLibrary::parse),
      LibraryOverload.global("isSemver", "is_semver_string", SimpleType.BOOL, SimpleType.STRING, String.class,
          s -> isSemver(s, false)),
      LibraryOverload.global("isSemver", "is_semver_string_bool", SimpleType.BOOL, SimpleType.STRING,
          SimpleType.BOOL, String.class, Boolean.class, SemverLibrary::isSemver),
      LibraryOverload.member("isGreaterThan", "semver_is_greater_than", SimpleType.BOOL, SEMVER, SEMVER,
          SemanticVersion.class, SemanticVersion.class, (a, b) -> a.compareTo(b) > 0),
      LibraryOverload.member("isLessThan", "semver_is_less_than", SimpleType.BOOL, SEMVER, SEMVER,
          SemanticVersion.class, SemanticVersion.class, (a, b) -> a.compareTo(b) < 0),
      LibraryOverload.member("compareTo", "semver_compare_to", SimpleType.INT, SEMVER, SEMVER,
          SemanticVersion.class, SemanticVersion.class, (a, b) -> (long) a.compareTo(b)),
      LibraryOverload.member("major", "semver_major", SimpleType.INT, SEMVER, SemanticVersion.class,
          SemanticVersion::major),
      LibraryOverload.member("minor", "semver_minor", SimpleType.INT, SEMVER, SemanticVersion.class,
          SemanticVersion::minor),
      LibraryOverload.member("patch", "semver_patch", SimpleType.INT, SEMVER, SemanticVersion.class,
          SemanticVersion::patch));

  private SemverLibrary() {}

  @Override
  public String name() {
    return "kubernetes.Semver";
  }

  @Override
  public List<LibraryOverload> overloads() {
    return overloads;
  }

  private static Object parse(String s, Boolean normalize) throws CelEvaluationException {
    try {
      return normalize ? SemanticVersion.parseNormalized(s) : SemanticVersion.parse(s);
    } catch (IllegalArgumentException e) {
      throw CelOperations.error(e.getMessage());
    }
  }

  private static Object isSemver(String s, Boolean normalize) {
    try {
      parse(s, normalize);
      return true;
    } catch (CelEvaluationException e) {
      return false;
    }
  }
}

package dev.gatehouse.policy.cel;

import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.OpaqueType;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kubernetes' format library ({@code format}): {@code format.named(name)} returns an optional format,
 * {@code format.<name>()} returns the named format directly (dns1123Label, dns1123Subdomain, dns1035Label,
 * qualifiedName, dns1123LabelPrefix, dns1123SubdomainPrefix, dns1035LabelPrefix, labelValue, uri, uuid, byte, date,
 * datetime), and {@code <format>.validate(s)} returns {@code optional.none()} when {@code s} is valid, else the
 * list of validation messages. See {@link NamedFormat} for the messages.
 */
final class FormatLibrary implements KubernetesCelLibrary {
  /** The CEL type of formats. */
  static final CelType FORMAT = OpaqueType.create("kubernetes.NamedFormat");

  // Declared after the static types the overloads use: class initialisation runs in textual order.
  static final FormatLibrary INSTANCE = new FormatLibrary();

  private final List<LibraryOverload> overloads = build();

  private FormatLibrary() {}

  private static List<LibraryOverload> build() {
    List<LibraryOverload> list = new ArrayList<>();
    list.add(LibraryOverload.member("validate", "format-validate",
        OptionalType.create(ListType.create(SimpleType.STRING)), FORMAT, SimpleType.STRING, NamedFormat.class,
        String.class, (format, s) -> {
          List<String> errors = format.validate(s);
          return errors.isEmpty() ? Optional.empty() : Optional.of(errors);
        }));
    list.add(LibraryOverload.global("format.named", "format-named", OptionalType.create(FORMAT),
        SimpleType.STRING, String.class, name -> Optional.ofNullable(NamedFormat.ALL.get(name))));
    NamedFormat.ALL.forEach((name, format) -> list.add(LibraryOverload.ofArity("format." + name, "format." + name,
        false, FORMAT, List.of(), List.of(), args -> format)));
    return List.copyOf(list);
  }

  @Override
  public String name() {
    return "format";
  }

  @Override
  public List<LibraryOverload> overloads() {
    return overloads;
  }
}

package dev.gatehouse.policy.cel;

import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.CelType;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelFunctionOverload;
import java.util.List;
import java.util.Objects;

/**
 * One overload of a Kubernetes CEL library function: its type-checker declaration and its runtime binding, kept in
 * one value so that the two cannot drift apart (every declared overload has exactly one binding under the same id).
 *
 * @param function the CEL function name, e.g. {@code isSorted} or {@code format.named}
 * @param declaration the checker declaration
 * @param binding the runtime implementation, registered under {@code declaration.overloadId()}
 */
public record LibraryOverload(String function, CelOverloadDecl declaration, CelFunctionBinding binding) {
  public LibraryOverload {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(declaration, "declaration");
    Objects.requireNonNull(binding, "binding");
  }

  /** The overload id shared by the declaration and the binding. */
  public String overloadId() {
    return declaration.overloadId();
  }

  /** A member overload {@code receiver.function(args...)} of one argument (the receiver). */
  static <T> LibraryOverload member(String function, String id, CelType result, CelType receiver,
      Class<T> receiverClass, CelFunctionOverload.Unary<T> impl) {
    return new LibraryOverload(function, CelOverloadDecl.newMemberOverload(id, result, receiver),
        CelFunctionBinding.from(id, receiverClass, impl));
  }

  /** A member overload {@code receiver.function(arg)}. */
  static <T1, T2> LibraryOverload member(String function, String id, CelType result, CelType receiver,
      CelType argument, Class<T1> receiverClass, Class<T2> argumentClass, CelFunctionOverload.Binary<T1, T2> impl) {
    return new LibraryOverload(function, CelOverloadDecl.newMemberOverload(id, result, receiver, argument),
        CelFunctionBinding.from(id, receiverClass, argumentClass, impl));
  }

  /** A member or global overload of any arity, implemented over the raw argument array. */
  static LibraryOverload ofArity(String function, String id, boolean member, CelType result, List<CelType> params,
      List<Class<?>> classes, CelFunctionOverload impl) {
    CelOverloadDecl decl = member
        ? CelOverloadDecl.newMemberOverload(id, result, params)
        : CelOverloadDecl.newGlobalOverload(id, result, params);
    return new LibraryOverload(function, decl, CelFunctionBinding.from(id, classes, impl));
  }

  /** A global overload {@code function(arg)}. */
  static <T> LibraryOverload global(String function, String id, CelType result, CelType argument,
      Class<T> argumentClass, CelFunctionOverload.Unary<T> impl) {
    return new LibraryOverload(function, CelOverloadDecl.newGlobalOverload(id, result, argument),
        CelFunctionBinding.from(id, argumentClass, impl));
  }

  /** A global overload {@code function(a, b)}. */
  static <T1, T2> LibraryOverload global(String function, String id, CelType result, CelType first,
      CelType second, Class<T1> firstClass, Class<T2> secondClass, CelFunctionOverload.Binary<T1, T2> impl) {
    return new LibraryOverload(function, CelOverloadDecl.newGlobalOverload(id, result, first, second),
        CelFunctionBinding.from(id, firstClass, secondClass, impl));
  }
}

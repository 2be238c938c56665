package dev.gatehouse.policy.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelMutableAst;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.ast.CelMutableExpr;
import dev.cel.common.ast.CelReference;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.navigation.CelNavigableMutableAst;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.SelectableValue;
import dev.cel.runtime.CelEvaluationException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code has(x.f)} where {@code x} is {@code dyn}, evaluated as cel-go (and so Kubernetes and Gatekeeper) evaluates
 * it: a map tests for the key; a list is an error; any other value, {@code null} above all, is simply not a
 * container of {@code f}, so the test is false. cel-java fails the presence test on anything that is not a map or a
 * message, which turned the library's {@code !has(variables.params.exemptImages) ? [] : ...} into an error for
 * every constraint without parameters: the template then failed open under {@code failurePolicy: Ignore}, reported
 * cel-java internals as its message, and cost a dozen exceptions per review.
 *
 * <p>{@link #rewrite} replaces such presence tests in a checked expression by a call to {@value #FUNCTION}, a name
 * no expression can spell (identifiers cannot start with {@code @}), so users cannot call it. Presence tests on
 * typed operands (the {@code request} and {@code variables} objects) are left to the checker and runtime as they
 * are: their fields are known at compile time and they are never null.
 */
final class DynamicPresence {
  /** The function the rewritten presence tests call. */
  static final String FUNCTION = "@gatehouse_has";
  private static final String OVERLOAD = "gatehouse_has_dyn_string";

  /**
   * The function's declaration and binding. Not one of the {@link KubernetesCelLibraries}: those are the functions
   * expressions may call, this one only rewritten presence tests call.
   */
  static final LibraryOverload OVERLOAD_DEFINITION = LibraryOverload.global(FUNCTION, OVERLOAD, SimpleType.BOOL,
      SimpleType.DYN, SimpleType.STRING, Object.class, String.class, DynamicPresence::has);

  private DynamicPresence() {}

  private static Object has(Object target, String field) throws CelEvaluationException {
    if (target instanceof Map<?, ?> map) {
      return map.containsKey(field);
    }
    if (target instanceof SelectableValue<?> selectable) {
      @SuppressWarnings("unchecked")
      SelectableValue<Object> s = (SelectableValue<Object>) selectable;
      return s.find(field).isPresent();
    }
    if (target instanceof List<?>) {
      throw CelOperations.error("unsupported index type 'string' in list");
    }
    return false;
  }

  /**
   * Rewrites the presence tests of {@code dyn} operands in a checked expression; returns {@code ast} itself when
   * there is none. The result stays checked: the rewritten node keeps its id and {@code bool} type and refers to
   * {@value #FUNCTION}'s overload, the new field-name constant is typed {@code string}. (Checking the rewritten
   * expression again would be simpler, but checking costs more than everything else a compilation does.)
   */
  static CelAbstractSyntaxTree rewrite(CelAbstractSyntaxTree ast) {
    // One pass over the checked tree finds the targets and the largest id; most expressions have no target and
    // stop there, without a mutable copy.
    Set<Long> targets = new HashSet<>();
    long maxId = 0;
    java.util.Iterator<CelNavigableExpr> nodes = CelNavigableAst.fromAst(ast).getRoot().allNodes().iterator();
    while (nodes.hasNext()) {
      CelNavigableExpr node = nodes.next();
      maxId = Math.max(maxId, node.id());
      if (node.getKind() == CelExpr.ExprKind.Kind.SELECT && node.expr().select().testOnly()
          && ast.getType(node.expr().select().operand().id()).map(SimpleType.DYN::equals).orElse(false)) {
        targets.add(node.id());
      }
    }
    if (targets.isEmpty()) {
      return ast;
    }
    CelMutableAst mutable = CelMutableAst.fromCelAst(ast);
    Map<Long, CelReference> references = new HashMap<>(ast.getReferenceMap());
    Map<Long, CelType> types = new HashMap<>(ast.getTypeMap());
    CelReference call = CelReference.newBuilder().setName("").addOverloadIds(OVERLOAD).build();
    long nextId = maxId + 1;
    for (CelMutableExpr node : CelNavigableMutableAst.fromAst(mutable).getRoot().allNodes()
        .map(n -> n.expr()).filter(e -> targets.contains(e.id())).toList()) {
      CelMutableExpr.CelMutableSelect select = node.select();
      long fieldId = nextId++;
      CelMutableExpr field = CelMutableExpr.ofConstant(fieldId, CelConstant.ofValue(select.field()));
      node.setCall(CelMutableExpr.CelMutableCall.create(FUNCTION, select.operand(), field));
      references.put(node.id(), call);
      types.put(fieldId, SimpleType.STRING);
      types.put(node.id(), SimpleType.BOOL);
    }
    return CelAbstractSyntaxTree.newCheckedAst(mutable.toParsedAst().getExpr(), ast.getSource(), references,
        types);
  }
}

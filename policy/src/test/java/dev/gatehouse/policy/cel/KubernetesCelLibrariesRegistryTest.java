package dev.gatehouse.policy.cel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Meta-test over the registry: every declared overload has its binding and ids are unique. */
class KubernetesCelLibrariesRegistryTest {

  @Test
  void registry_everyDeclaredOverload_hasBindingWithSameId() {
    assertThat(KubernetesCelLibraries.all()).hasSize(11);
    for (KubernetesCelLibrary library : KubernetesCelLibraries.all()) {
      assertThat(library.overloads()).as(library.name()).isNotEmpty();
      for (LibraryOverload overload : library.overloads()) {
        assertThat(overload.binding().getOverloadId()).as(library.name() + " " + overload.function())
            .isEqualTo(overload.declaration().overloadId());
        int declaredArity = overload.declaration().parameterTypes().size();
        assertThat(overload.binding().getArgTypes()).as(overload.overloadId() + " arity").hasSize(declaredArity);
      }
    }
  }

  @Test
  void registry_overloadIds_uniqueAcrossLibraries() {
    Set<String> ids = new HashSet<>();
    for (KubernetesCelLibrary library : KubernetesCelLibraries.all()) {
      for (LibraryOverload overload : library.overloads()) {
        assertThat(ids.add(overload.overloadId())).as(overload.overloadId()).isTrue();
      }
    }
  }

  @Test
  void registry_everyFunction_compilesInTheEnvironment() {
    // A declaration the checker would reject (bad types, clashing overloads) fails environment construction.
    KubernetesCelEnvironment env = KubernetesCelEnvironment.builder().build();
    assertThat(env.perCallCostLimit()).isEqualTo(KubernetesCelEnvironment.DEFAULT_PER_CALL_COST_LIMIT);
  }
}

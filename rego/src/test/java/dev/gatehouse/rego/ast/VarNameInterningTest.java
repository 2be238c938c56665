package dev.gatehouse.rego.ast;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The evaluator compares variable names by identity: equal names must be one string instance. */
class VarNameInterningTest {
    private static final Location LOC = new Location("test.rego", 1, 1);

    @Test
    void equalNamesBuiltFromDistinctStringsAreOneInstance() {
        String a = new StringBuilder("cont").append("ainer").toString();
        String b = new String("container".toCharArray());
        assertThat(a).isNotSameAs(b);
        assertThat(new Term.Var(a, LOC).name()).isSameAs(new Term.Var(b, LOC).name()).isSameAs("container");
    }

    @Test
    void namesSharingACacheSlotStayDistinctAndInterned() {
        // Many names map onto the same slots of the recent-names cache; each must still intern to itself.
        for (int i = 0; i < 5000; i++) {
            String name = new String(("__local" + i + "__").toCharArray());
            String interned = new Term.Var(name, LOC).name();
            assertThat(interned).isEqualTo(name).isSameAs(name.intern());
        }
    }
}

package dev.gatehouse.rego.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * An object whose values are converted when first read behaves as the same object built eagerly, converts only what
 * is read (hashing reads one level), and is safe to read from several threads at once.
 */
class LazyObjectValueTest {

    private static final String DOCUMENT = """
            {"metadata": {"name": "web", "managedFields": [{"manager": "kubectl", "fieldsV1": {"f:spec": {}}}]},
             "spec": {"containers": [{"name": "app", "image": "nginx"}]}, "kind": "Pod", "replicas": 3}""";

    /** A lazy copy of a value: each object's values are taken from the eager value and converted on first read. */
    private static Value lazy(Value v, Function<Object, Value> convert) {
        if (!(v instanceof ObjectValue o)) {
            return v;
        }
        Value[] keys = new Value[o.size()];
        Object[] sources = new Object[o.size()];
        for (int i = 0; i < o.size(); i++) {
            keys[o.size() - 1 - i] = o.keyAt(i); // reversed: the lazy object sorts them back
            sources[o.size() - 1 - i] = o.valueAt(i);
        }
        return ObjectValue.ofDistinctLazy(keys, sources, convert);
    }

    private static final class Counting implements Function<Object, Value> {
        final AtomicInteger conversions = new AtomicInteger();

        @Override
        public Value apply(Object source) {
            conversions.incrementAndGet();
            return lazy((Value) source, this);
        }
    }

    @Test
    void aLazyObject_equalsHashesComparesAndPrintsAsTheEagerOne() {
        Value eager = ValueJson.parse(DOCUMENT);
        Value lazy = lazy(eager, new Counting());
        assertThat(lazy).isEqualTo(eager);
        assertThat(eager).isEqualTo(lazy);
        assertThat(lazy.hashCode()).isEqualTo(eager.hashCode());
        assertThat(lazy.compareTo(eager)).isZero();
        assertThat(lazy(eager, new Counting()).toString()).isEqualTo(eager.toString());
        assertThat(ValueJson.toJson(lazy(eager, new Counting()))).isEqualTo(ValueJson.toJson(eager));
        assertThat((Object) ((ObjectValue) lazy(eager, new Counting())).keySet()).isEqualTo(((ObjectValue) eager).keySet());
    }

    @Test
    void reading_convertsOnlyTheValuesOnItsWay_andOnlyOnce() {
        Counting counting = new Counting();
        ObjectValue doc = (ObjectValue) lazy(ValueJson.parse(DOCUMENT), counting);
        Value spec = doc.get("spec");
        Value containers = ((ObjectValue) spec).get("containers");
        assertThat(containers).isEqualTo(ValueJson.parse("[{\"name\": \"app\", \"image\": \"nginx\"}]"));
        assertThat(counting.conversions.get()).isEqualTo(2); // spec, then its containers; metadata never
        assertThat(doc.get("spec")).isSameAs(spec);
        assertThat(counting.conversions.get()).isEqualTo(2);
    }

    @Test
    void hashing_readsOneLevel_soObjectsDifferingDeeperHashAlikeButDiffer() {
        Counting counting = new Counting();
        ObjectValue doc = (ObjectValue) lazy(ValueJson.parse(DOCUMENT), counting);
        doc.hashCode();
        assertThat(counting.conversions.get()).isEqualTo(4); // the four values of the top level, nothing below
        Value a = ValueJson.parse("{\"spec\": {\"replicas\": 1}}");
        Value b = ValueJson.parse("{\"spec\": {\"replicas\": 2}}");
        assertThat(a.hashCode()).isEqualTo(b.hashCode());
        assertThat(a).isNotEqualTo(b);
        assertThat(ValueJson.parse("{\"n\": 1}").hashCode()).isNotEqualTo(ValueJson.parse("{\"n\": 2}").hashCode());
    }

    @Test
    void copiesWithAndWithoutAKey_areWholeObjects() {
        Value eager = ValueJson.parse(DOCUMENT);
        ObjectValue lazy = (ObjectValue) lazy(eager, new Counting());
        StringValue kind = StringValue.of("kind");
        assertThat(lazy.with(kind, StringValue.of("Job"))).isEqualTo(((ObjectValue) eager).with(kind, StringValue.of("Job")));
        assertThat(lazy(eager, new Counting()) instanceof ObjectValue o ? o.without(kind) : null)
                .isEqualTo(((ObjectValue) eager).without(kind));
    }

    @Test
    void duplicateKeysOrMismatchedLengths_areRefused() {
        Function<Object, Value> convert = s -> (Value) s;
        assertThatThrownBy(() -> ObjectValue.ofDistinctLazy(new Value[] {StringValue.of("a"), StringValue.of("a")},
                new Object[] {NullValue.INSTANCE, NullValue.INSTANCE}, convert))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate key");
        assertThatThrownBy(() -> ObjectValue.ofDistinctLazy(new Value[] {StringValue.of("a")}, new Object[0], convert))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ObjectValue.ofDistinctLazy(new Value[0], new Object[0], convert)).isSameAs(ObjectValue.EMPTY);
    }

    @Test
    void threadsReadingAtOnce_allSeeTheWholeDocument() throws Exception {
        Value eager = ValueJson.parse(DOCUMENT);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 200; round++) {
                Value shared = lazy(eager, new Counting());
                List<Callable<String>> readers = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    readers.add(() -> ValueJson.toJson(shared));
                }
                for (Future<String> f : pool.invokeAll(readers)) {
                    assertThat(f.get()).isEqualTo(ValueJson.toJson(eager));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

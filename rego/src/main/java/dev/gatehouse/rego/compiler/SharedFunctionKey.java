package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.List;

/**
 * Names a user function in terms that are the same for every policy defining it ({@link RuleFingerprint}), together
 * with the paths into {@code input} it reads besides its arguments ({@link InputFootprints}): a call's result then
 * depends only on this key, the arguments and the values at those paths, so policies evaluated on the same thread
 * share it. The Gatekeeper library gives each template its own copy of the same helpers ({@code is_exempt},
 * {@code is_update}), called with the same containers and review.
 *
 * <p>Immutable. Keys are equal when their fingerprints are (fingerprints are interned) and they call the same
 * builtins; the paths follow from the fingerprint.
 */
public final class SharedFunctionKey {
    private final Object builtins;
    private final String fingerprint;
    private final StringValue[][] paths;

    SharedFunctionKey(Object builtins, String fingerprint, List<List<String>> paths) {
        this.builtins = builtins;
        this.fingerprint = fingerprint;
        this.paths = new StringValue[paths.size()][];
        for (int i = 0; i < this.paths.length; i++) {
            this.paths[i] = paths.get(i).stream().map(StringValue::of).toArray(StringValue[]::new);
        }
    }

    /**
     * What a call's result depends on in this input, one entry per path: the value there, or the depth at which
     * the path ends (an Integer, never equal to a value) when a member is missing; null when a member on the way
     * is not an object, which the key does not describe (the call is then not shared).
     */
    public Object[] valuesAt(Value input) {
        Object[] out = new Object[paths.length];
        for (int i = 0; i < paths.length; i++) {
            Value cur = input;
            StringValue[] path = paths[i];
            Object at = null;
            for (int d = 0; d < path.length; d++) {
                if (!(cur instanceof ObjectValue o)) {
                    if (cur != null) {
                        return null;
                    }
                    at = d;
                    break;
                }
                cur = o.get(path[d]);
            }
            out[i] = at != null ? at : cur != null ? cur : (Object) path.length;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SharedFunctionKey k && k.fingerprint == fingerprint && k.builtins == builtins;
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }
}

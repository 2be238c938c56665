package dev.gatehouse.rego.eval;

import dev.gatehouse.rego.compiler.SharedFunctionKey;
import dev.gatehouse.rego.value.Value;
import java.util.Arrays;

/**
 * The key of a shared user function call in an {@link EvaluationScope} (see {@link SharedFunctionKey}): the
 * function's key, the arguments (equal ones match) and what the function reads of the input there.
 */
final class SharedCalls {
    private SharedCalls() {}

    /** A call: the function's key, its arguments (never changed afterwards) and what it reads of the input. */
    static final class Call {
        private final SharedFunctionKey function;
        private final Value[] args;
        private final Object[] inputs;
        private final int hash;

        Call(SharedFunctionKey function, Value[] args, Object[] inputs, int argsHash) {
            this.function = function;
            this.args = args;
            this.inputs = inputs;
            this.hash = (function.hashCode() * 31 + argsHash) * 31 + Arrays.hashCode(inputs);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Call c && c.hash == hash && c.function.equals(function) && Arrays.equals(c.args, args)
                    && Arrays.equals(c.inputs, inputs);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}

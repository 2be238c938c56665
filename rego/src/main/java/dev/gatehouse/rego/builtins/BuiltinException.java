package dev.gatehouse.rego.builtins;

/**
 * Raised by a builtin implementation. The message must not include the builtin's name: the evaluator prefixes it
 * ({@code "plus: operand 1 must be number but got string"}) and adds the call's location. By default such errors
 * make the call undefined; with strict builtin errors the first one fails the query.
 */
public final class BuiltinException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final BuiltinErrorCode code;

    public BuiltinException(BuiltinErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public BuiltinException(BuiltinErrorCode code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    public static BuiltinException typeError(String message) {
        return new BuiltinException(BuiltinErrorCode.TYPE_ERROR, message);
    }

    public static BuiltinException builtinError(String message) {
        return new BuiltinException(BuiltinErrorCode.BUILTIN_ERROR, message);
    }

    public BuiltinErrorCode code() {
        return code;
    }
}

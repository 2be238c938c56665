package dev.gatehouse.rego.builtins;

/** The runtime error codes a builtin may raise; the strings are OPA's and are public API. */
public enum BuiltinErrorCode {
    /** An operand has the wrong type or shape ("operand 1 must be string but got number"). */
    TYPE_ERROR("eval_type_error"),
    /** The operation itself failed on well-typed operands (divide by zero, malformed base64, ...). */
    BUILTIN_ERROR("eval_builtin_error");

    private final String code;

    BuiltinErrorCode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}

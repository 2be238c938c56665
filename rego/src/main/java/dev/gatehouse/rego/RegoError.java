package dev.gatehouse.rego;

/**
 * One error with a stable code (OPA's strings, public API in JSON output and the CLI), a message and a position.
 * Rendered as OPA renders it: {@code file:row: code: message}. Immutable.
 */
public record RegoError(Code code, String message, String file, int row, int col) {

    /** Error codes. */
    public enum Code {
        /** Source text is not valid Rego. */
        PARSE("rego_parse_error"),
        /** A module or query breaks a language rule (conflicting rules, bad imports, reassigned vars, ...). */
        COMPILE("rego_compile_error"),
        /** A call has the wrong number or type of arguments, or calls something undefined. */
        TYPE("rego_type_error"),
        /** A variable is not bound by any expression that can bind it. */
        UNSAFE_VAR("rego_unsafe_var_error"),
        /** Rules or functions depend on themselves. */
        RECURSION("rego_recursion_error"),
        /** An evaluator invariant broke, or evaluation went too deep. */
        EVAL_INTERNAL("eval_internal_error"),
        /** The query was cancelled or ran past its deadline. */
        EVAL_CANCEL("eval_cancel_error"),
        /** A complete rule, function or object key produced two different values. */
        EVAL_CONFLICT("eval_conflict_error"),
        /** A builtin got an operand of the wrong type (strict mode, or always for some checks). */
        EVAL_TYPE("eval_type_error"),
        /** A builtin failed on well-typed operands (strict mode). */
        EVAL_BUILTIN("eval_builtin_error"),
        /** A {@code with} replacement cannot be merged into the document it modifies. */
        EVAL_WITH_MERGE("eval_with_merge_error");

        private final String text;

        Code(String text) {
            this.text = text;
        }

        /** The OPA error code string. */
        public String text() {
            return text;
        }
    }

    public static RegoError of(Code code, String message, String file, int row, int col) {
        return new RegoError(code, message, file == null ? "" : file, row, col);
    }

    @Override
    public String toString() {
        String where = file.isEmpty() ? (row > 0 ? row + ":" + col + ": " : "") : file + ":" + row + ": ";
        return where + code.text() + ": " + message;
    }
}

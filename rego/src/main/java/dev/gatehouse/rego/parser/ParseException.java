package dev.gatehouse.rego.parser;

import dev.gatehouse.rego.RegoError;
import dev.gatehouse.rego.RegoException;
import java.util.List;

/** A syntax error: code {@code rego_parse_error}, with file, row and column. */
public final class ParseException extends RegoException {
    private static final long serialVersionUID = 1L;

    public ParseException(String file, int row, int col, String message) {
        super(List.of(RegoError.of(RegoError.Code.PARSE, message, file, row, col)));
    }
}

package dev.gatehouse.rego.parser;

import java.util.List;

/**
 * One token. {@code newlineBefore} records whether a line break separated it from the previous token: Rego uses
 * line breaks as expression separators. For templates, {@code parts} alternates literal text (String) and
 * embedded token lists (List of Token, ending with EOF).
 */
record Token(TokenType type, String text, int row, int col, int offset, boolean newlineBefore, boolean spaceBefore,
             List<Object> parts) {
}

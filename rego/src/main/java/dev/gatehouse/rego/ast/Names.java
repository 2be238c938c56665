package dev.gatehouse.rego.ast;

import java.util.Set;

/** Lexical facts about names shared by the parser, compiler and printer. */
public final class Names {
    private Names() {}

    /** Words that can never be variable names. */
    public static final Set<String> RESERVED = Set.of("as", "default", "else", "false", "import", "package", "not",
            "null", "true", "with", "some", "in", "every", "if", "contains");

    public static boolean isIdentifier(String s) {
        if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return !RESERVED.contains(s);
    }
}

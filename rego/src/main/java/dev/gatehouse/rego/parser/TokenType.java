package dev.gatehouse.rego.parser;

/** Lexical token kinds. Keywords are identifiers; the parser decides by context. */
enum TokenType {
    IDENT, NUMBER, STRING, RAW_STRING, TEMPLATE, EOF,
    DOT(". "), COMMA(","), SEMICOLON(";"), COLON(":"), ASSIGN(":="), UNIFY("="), EQ("=="), NEQ("!="),
    LT("<"), LTE("<="), GT(">"), GTE(">="), PLUS("+"), MINUS("-"), STAR("*"), SLASH("/"), PERCENT("%"),
    AMP("&"), BAR("|"), LPAREN("("), RPAREN(")"), LBRACK("["), RBRACK("]"), LBRACE("{"), RBRACE("}");

    final String text;

    TokenType() {
        this.text = null;
    }

    TokenType(String text) {
        this.text = text.trim();
    }

    String display() {
        return text != null ? text : name().toLowerCase(java.util.Locale.ROOT);
    }
}

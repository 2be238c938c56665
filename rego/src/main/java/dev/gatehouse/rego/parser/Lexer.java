package dev.gatehouse.rego.parser;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits Rego source into tokens, collecting comments on the side (for METADATA blocks). Template strings are
 * lexed recursively: each {@code {expr}} becomes a nested token list.
 */
final class Lexer {
    /** One {@code #} comment: its text after the hash, and position. */
    record Comment(String text, int row, int col) {}

    private final String src;
    private final String file;
    private int pos;
    private int row = 1;
    private int lineStart;
    final List<Comment> comments = new ArrayList<>();

    Lexer(String src, String file) {
        this.src = src;
        this.file = file;
    }

    /** Lexes the whole input. */
    List<Token> tokenize() {
        List<Token> out = new ArrayList<>();
        while (true) {
            Token t = next(0);
            out.add(t);
            if (t.type() == TokenType.EOF) {
                return out;
            }
        }
    }

    private ParseException error(int r, int c, String msg) {
        return new ParseException(file, r, c, msg);
    }

    /** Skips blanks and comments; returns {newline seen, space seen}. */
    private boolean[] skipSpace() {
        boolean nl = false;
        boolean sp = false;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                nl = true;
                pos++;
                row++;
                lineStart = pos;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                sp = true;
                pos++;
            } else if (c == '#') {
                int start = pos + 1;
                int col = pos - lineStart + 1;
                while (pos < src.length() && src.charAt(pos) != '\n') {
                    pos++;
                }
                comments.add(new Comment(src.substring(start, pos).replace("\r", ""), row, col));
            } else {
                break;
            }
        }
        return new boolean[] {nl, sp};
    }

    private Token next(int depth) {
        boolean[] ws = skipSpace();
        int r = row;
        int c = pos - lineStart + 1;
        int start = pos;
        if (pos >= src.length()) {
            return new Token(TokenType.EOF, "", r, c, start, ws[0], ws[1], null);
        }
        char ch = src.charAt(pos);
        if (Character.isLetter(ch) || ch == '_') {
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            return tok(TokenType.IDENT, src.substring(start, pos), r, c, start, ws);
        }
        if (Character.isDigit(ch) || (ch == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))
                && false)) {
            return number(r, c, start, ws);
        }
        if (ch == '"') {
            pos++;
            String s = quoted(r, c, '"', false, null);
            return tok(TokenType.STRING, s, r, c, start, ws);
        }
        if (ch == '`') {
            pos++;
            int begin = pos;
            while (pos < src.length() && src.charAt(pos) != '`') {
                if (src.charAt(pos) == '\n') {
                    row++;
                    lineStart = pos + 1;
                }
                pos++;
            }
            if (pos >= src.length()) {
                throw error(r, c, "non-terminated raw string");
            }
            String s = src.substring(begin, pos);
            pos++;
            return tok(TokenType.RAW_STRING, s, r, c, start, ws);
        }
        if (ch == '$' && pos + 1 < src.length() && (src.charAt(pos + 1) == '"' || src.charAt(pos + 1) == '`')) {
            if (depth > Parser.MAX_DEPTH) {
                throw error(r, c, "template strings nested too deeply");
            }
            char q = src.charAt(pos + 1);
            pos += 2;
            List<Object> parts = new ArrayList<>();
            template(r, c, q, parts, depth);
            return new Token(TokenType.TEMPLATE, q == '`' ? "raw" : "", r, c, start, ws[0], ws[1], parts);
        }
        pos++;
        TokenType t = switch (ch) {
            case '.' -> TokenType.DOT;
            case ',' -> TokenType.COMMA;
            case ';' -> TokenType.SEMICOLON;
            case ':' -> match('=') ? TokenType.ASSIGN : TokenType.COLON;
            case '=' -> match('=') ? TokenType.EQ : TokenType.UNIFY;
            case '!' -> {
                if (match('=')) {
                    yield TokenType.NEQ;
                }
                throw error(r, c, "illegal ! character");
            }
            case '<' -> match('=') ? TokenType.LTE : TokenType.LT;
            case '>' -> match('=') ? TokenType.GTE : TokenType.GT;
            case '+' -> TokenType.PLUS;
            case '-' -> TokenType.MINUS;
            case '*' -> TokenType.STAR;
            case '/' -> TokenType.SLASH;
            case '%' -> TokenType.PERCENT;
            case '&' -> TokenType.AMP;
            case '|' -> TokenType.BAR;
            case '(' -> TokenType.LPAREN;
            case ')' -> TokenType.RPAREN;
            case '[' -> TokenType.LBRACK;
            case ']' -> TokenType.RBRACK;
            case '{' -> TokenType.LBRACE;
            case '}' -> TokenType.RBRACE;
            default -> throw error(r, c, "illegal token");
        };
        return tok(t, src.substring(start, pos), r, c, start, ws);
    }

    private Token tok(TokenType t, String text, int r, int c, int start, boolean[] ws) {
        return new Token(t, text, r, c, start, ws[0], ws[1], null);
    }

    private boolean match(char c) {
        if (pos < src.length() && src.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private Token number(int r, int c, int start, boolean[] ws) {
        while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
            pos++;
        }
        if (pos + 1 < src.length() && src.charAt(pos) == '.' && Character.isDigit(src.charAt(pos + 1))) {
            pos++;
            while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                pos++;
            }
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int save = pos;
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                    pos++;
                }
            } else {
                pos = save;
            }
        }
        if (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_')) {
            throw error(r, c, "illegal number format");
        }
        String text = src.substring(start, pos);
        if (text.length() > 1 && text.charAt(0) == '0' && Character.isDigit(text.charAt(1))) {
            throw error(r, c, "illegal number format");
        }
        return tok(TokenType.NUMBER, text, r, c, start, ws);
    }

    /** Reads a double-quoted string body after the opening quote, decoding JSON escapes. */
    private String quoted(int r, int c, char close, boolean template, StringBuilder into) {
        StringBuilder sb = into != null ? into : new StringBuilder();
        while (true) {
            if (pos >= src.length() || src.charAt(pos) == '\n') {
                throw error(r, c, "non-terminated string");
            }
            char ch = src.charAt(pos);
            if (ch == close) {
                pos++;
                return sb.toString();
            }
            if (template && ch == '{') {
                return null; // caller handles the embedded expression
            }
            if (ch == '\\') {
                if (pos + 1 >= src.length()) {
                    throw error(r, c, "non-terminated string");
                }
                char e = src.charAt(pos + 1);
                pos += 2;
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case '{' -> {
                        if (!template) {
                            throw error(row, pos - lineStart - 1, "illegal escape sequence");
                        }
                        sb.append('{');
                    }
                    case 'u' -> {
                        if (pos + 4 > src.length()) {
                            throw error(r, c, "illegal escape sequence");
                        }
                        try {
                            sb.append((char) Integer.parseInt(src.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error(r, c, "illegal escape sequence");
                        }
                        pos += 4;
                    }
                    default -> throw error(row, pos - lineStart - 1, "illegal escape sequence");
                }
                continue;
            }
            sb.append(ch);
            pos++;
        }
    }

    private void template(int r, int c, char q, List<Object> parts, int depth) {
        StringBuilder lit = new StringBuilder();
        while (true) {
            String done;
            if (q == '"') {
                done = quoted(r, c, '"', true, lit);
            } else {
                done = null;
                while (true) {
                    if (pos >= src.length()) {
                        throw error(r, c, "non-terminated template string");
                    }
                    char ch = src.charAt(pos);
                    if (ch == '`') {
                        pos++;
                        done = lit.toString();
                        break;
                    }
                    if (ch == '{') {
                        break;
                    }
                    if (ch == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == '{') {
                        lit.append('{');
                        pos += 2;
                        continue;
                    }
                    if (ch == '\n') {
                        row++;
                        lineStart = pos + 1;
                    }
                    lit.append(ch);
                    pos++;
                }
            }
            if (done != null) {
                parts.add(done);
                return;
            }
            // An embedded expression: lex tokens until the matching close brace.
            parts.add(lit.toString());
            lit.setLength(0);
            pos++; // the '{'
            List<Token> inner = new ArrayList<>();
            int nesting = 0;
            while (true) {
                Token t = next(depth + 1);
                if (t.type() == TokenType.EOF) {
                    throw error(r, c, "non-terminated template string");
                }
                if (t.type() == TokenType.LBRACE || t.type() == TokenType.LBRACK || t.type() == TokenType.LPAREN) {
                    nesting++;
                } else if (t.type() == TokenType.RBRACK || t.type() == TokenType.RPAREN) {
                    nesting--;
                } else if (t.type() == TokenType.RBRACE) {
                    if (nesting == 0) {
                        inner.add(new Token(TokenType.EOF, "", t.row(), t.col(), t.offset(), false, false, null));
                        break;
                    }
                    nesting--;
                }
                inner.add(t);
            }
            parts.add(inner);
        }
    }
}

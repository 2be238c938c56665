package dev.gatehouse.rego.parser;

import dev.gatehouse.rego.ast.Body;
import dev.gatehouse.rego.ast.Expr;
import dev.gatehouse.rego.ast.Import;
import dev.gatehouse.rego.ast.Location;
import dev.gatehouse.rego.ast.Module;
import dev.gatehouse.rego.ast.Refs;
import dev.gatehouse.rego.ast.RegoVersion;
import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.RuleKind;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.ast.With;
import dev.gatehouse.rego.value.BooleanValue;
import dev.gatehouse.rego.value.NullValue;
import dev.gatehouse.rego.value.NumberValue;
import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.KeyStrings;
import dev.gatehouse.rego.value.StringValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A hand-written recursive-descent parser for Rego v0 and v1 modules and queries.
 *
 * <p>Nesting is bounded ({@link #MAX_DEPTH}) so hostile input yields a {@code rego_parse_error}, never a stack
 * overflow. Instances are single-use and not thread-safe; use the static entry points.
 */
public final class Parser {
    /** Maximum nesting of terms, bodies and template strings. */
    public static final int MAX_DEPTH = 256;

    private static final Set<String> FUTURE_KEYWORDS = Set.of("in", "every", "if", "contains");

    private final String file;
    private final List<Token> tokens;
    private final Lexer lexer;
    private int p;
    private int depth;
    private final RegoVersion version;
    private final Set<String> keywords = new HashSet<>();
    private boolean regoV1Import;
    private boolean futureImport;
    private int wildcards;
    /** True while parsing the first term of a [..] or {..} literal, where '|' starts a comprehension body. */
    private boolean noBar;

    private Parser(String file, String src, RegoVersion version) {
        this.file = file;
        this.version = version;
        this.lexer = new Lexer(src, file);
        this.tokens = lexer.tokenize();
        if (version == RegoVersion.V1) {
            keywords.addAll(FUTURE_KEYWORDS);
        }
    }

    private Parser(String file, List<Token> tokens, RegoVersion version, Set<String> keywords, int depth) {
        this.file = file;
        this.version = version;
        this.lexer = null;
        this.tokens = tokens;
        this.keywords.addAll(keywords);
        this.depth = depth;
    }

    /**
     * Parses a module.
     *
     * @throws ParseException on the first syntax error
     */
    public static Module parseModule(String file, String source, RegoVersion version) {
        Parser parser = new Parser(file, source, version);
        try {
            return parser.module();
        } catch (StackOverflowError e) {
            throw new ParseException(file, 1, 1, "input nested too deeply");
        }
    }

    /**
     * Parses a query (a body). In v1 all future keywords are on; in v0 {@code in}, {@code every}, {@code if} and
     * {@code contains} are on as well, since queries have no imports to enable them.
     */
    public static Body parseQuery(String source, RegoVersion version) {
        Parser parser = new Parser("", source, version);
        parser.keywords.addAll(FUTURE_KEYWORDS);
        try {
            Body b = parser.query(TokenType.EOF);
            parser.expect(TokenType.EOF);
            if (b.isEmpty()) {
                throw parser.error(parser.peek(), "empty query");
            }
            return b;
        } catch (StackOverflowError e) {
            throw new ParseException("", 1, 1, "input nested too deeply");
        }
    }

    /** Parses a single term (for {@code input_term} and the like). */
    public static Term parseTerm(String source) {
        Parser parser = new Parser("", source, RegoVersion.V1);
        try {
            Term t = parser.exprTerm();
            parser.expect(TokenType.EOF);
            return t;
        } catch (StackOverflowError e) {
            throw new ParseException("", 1, 1, "input nested too deeply");
        }
    }

    // ---------------------------------------------------------------- tokens

    private Token peek() {
        return tokens.get(p);
    }

    private Token peek(int ahead) {
        int i = Math.min(p + ahead, tokens.size() - 1);
        return tokens.get(i);
    }

    private Token advance() {
        Token t = tokens.get(p);
        if (t.type() != TokenType.EOF) {
            p++;
        }
        return t;
    }

    private boolean at(TokenType t) {
        return peek().type() == t;
    }

    private boolean atKeyword(String kw) {
        Token t = peek();
        return t.type() == TokenType.IDENT && t.text().equals(kw) && isKeyword(kw) && !refHeadKeyword();
    }

    private boolean isKeyword(String word) {
        return switch (word) {
            case "in", "every", "if", "contains", "and", "or" -> keywords.contains(word);
            case "some", "not", "with", "as", "default", "else", "import", "package", "true", "false", "null" -> true;
            default -> false;
        };
    }

    private Token expect(TokenType t) {
        Token tok = peek();
        if (tok.type() != t) {
            throw unexpected(tok, "expected " + t.display());
        }
        return advance();
    }

    private ParseException error(Token t, String msg) {
        return new ParseException(file, t.row(), t.col(), msg);
    }

    private ParseException unexpected(Token t, String expected) {
        // OPA names the end of input "eof" in parse errors ("unexpected eof token: expected ident").
        String found = t.type() == TokenType.EOF ? "eof" : describe(t);
        return error(t, "unexpected " + found + " token" + (expected == null ? "" : ": " + expected));
    }

    private static String describe(Token t) {
        return switch (t.type()) {
            case IDENT -> "ident";
            case NUMBER -> "number";
            case STRING, RAW_STRING, TEMPLATE -> "string";
            default -> t.type().display();
        };
    }

    private Location loc(Token t) {
        return new Location(file, t.row(), t.col());
    }

    private void enter(Token t) {
        if (++depth > MAX_DEPTH) {
            throw error(t, "nesting depth exceeds " + MAX_DEPTH);
        }
    }

    private void leave() {
        depth--;
    }

    // ---------------------------------------------------------------- module

    private Module module() {
        Token first = peek();
        if (!(first.type() == TokenType.IDENT && first.text().equals("package"))) {
            throw error(first, first.type() == TokenType.EOF ? "empty module" : "package expected");
        }
        advance();
        Term.Ref pkg = packageRef();
        List<ObjectValue> pkgAnnotations = annotationsBefore(first, 0, "package");
        List<Import> imports = new ArrayList<>();
        while (peek().type() == TokenType.IDENT && peek().text().equals("import") && !refHeadKeyword()) {
            imports.add(importDecl());
        }
        List<Rule> rules = new ArrayList<>();
        // Blocks above the package (or imports) belong to the package, not to the first rule.
        int lastRuleEndRow = tokens.get(Math.max(0, p - 1)).row();
        while (!at(TokenType.EOF)) {
            Token start = peek();
            if (start.type() == TokenType.IDENT && start.text().equals("import") && !refHeadKeyword()) {
                throw error(start, "import must come before rules");
            }
            if (start.type() == TokenType.IDENT && start.text().equals("package") && !refHeadKeyword()) {
                throw error(start, "unexpected package keyword");
            }
            List<ObjectValue> ann = annotationsBefore(start, lastRuleEndRow, "rule");
            List<Rule> parsed = rule(pkg);
            for (Rule r : parsed) {
                rules.add(ann.isEmpty() ? r : r.withAnnotations(ann));
            }
            lastRuleEndRow = tokens.get(Math.max(0, p - 1)).row();
        }
        boolean v1Rules = version == RegoVersion.V1 || regoV1Import;
        return new Module(file, pkg, imports, rules, version, v1Rules, pkgAnnotations, loc(first));
    }

    private List<ObjectValue> annotationsBefore(Token t, int afterRow, String defaultScope) {
        return lexer == null ? List.of() : Annotations.blocksBefore(lexer.comments, file, t.row(), afterRow, defaultScope);
    }

    private Term.Ref packageRef() {
        Token t = peek();
        Term term = refTerm();
        if (!(term instanceof Term.Var) && !(term instanceof Term.Ref)) {
            throw error(t, "package name must be a reference");
        }
        Term.Ref ref = term instanceof Term.Var v ? new Term.Ref(v, List.of(), v.location()) : (Term.Ref) term;
        if (!(ref.head() instanceof Term.Var)) {
            throw error(t, "package name must be a reference");
        }
        for (Term op : ref.operands()) {
            if (!(op instanceof Term.Scalar s && s.value() instanceof StringValue)) {
                throw error(t, "unexpected non-string term in package path");
            }
        }
        List<Term> ops = new ArrayList<>();
        Term.Var head = (Term.Var) ref.head();
        ops.add(new Term.Scalar(StringValue.of(head.name()), head.location()));
        ops.addAll(ref.operands());
        return new Term.Ref(new Term.Var("data", ref.location()), ops, ref.location());
    }

    private Import importDecl() {
        Token kw = advance();
        Token t = peek();
        Term term = refTerm();
        Term.Ref ref = term instanceof Term.Var v ? new Term.Ref(v, List.of(), v.location())
                : term instanceof Term.Ref r ? r : null;
        if (ref == null || !(ref.head() instanceof Term.Var head)
                || !(head.name().equals("data") || head.name().equals("input") || head.name().equals("future")
                || head.name().equals("rego"))) {
            throw error(t, "unexpected import path, must begin with one of: {data, future, input, rego}, got: "
                    + (ref == null ? term : Refs.headName(ref)));
        }
        String name = Refs.nameOf(ref);
        String alias = null;
        if (atKeyword("as")) {
            advance();
            Token a = expect(TokenType.IDENT);
            alias = a.text();
        }
        if (head.name().equals("future")) {
            if (name == null || !(name.equals("future.keywords") || name.startsWith("future.keywords."))) {
                throw error(t, "invalid import " + (name == null ? ref : name) + ", must be future.keywords or future.keywords.*");
            }
            if (alias != null) {
                throw error(t, "future keyword imports cannot be aliased");
            }
            if (regoV1Import) {
                throw error(t, "the `rego.v1` import implies `future.keywords`, these are therefore mutually exclusive");
            }
            if (name.equals("future.keywords")) {
                keywords.addAll(FUTURE_KEYWORDS);
            } else {
                String kwName = name.substring("future.keywords.".length());
                if (kwName.equals("and") || kwName.equals("or") || kwName.equals("not")) {
                    // Experimental logic keywords (OPA 1.17+): `not` is always a keyword; and/or are opt-in.
                    keywords.add(kwName);
                    futureImport = true;
                    return new Import(ref, alias, loc(kw));
                }
                if (!FUTURE_KEYWORDS.contains(kwName)) {
                    throw error(t, "unexpected keyword, must be one of [contains every if in]");
                }
                keywords.add(kwName);
                if (kwName.equals("every")) {
                    keywords.add("in");
                }
            }
            futureImport = true;
        } else if (head.name().equals("rego")) {
            if (!"rego.v1".equals(name)) {
                throw error(t, "invalid import `" + ref + "`, must be `rego.v1`");
            }
            if (futureImport && version == RegoVersion.V0) {
                throw error(t, "the `rego.v1` import implies `future.keywords`, these are therefore mutually exclusive");
            }
            keywords.addAll(FUTURE_KEYWORDS);
            regoV1Import = true;
        }
        return new Import(ref, alias, loc(kw));
    }

    // ---------------------------------------------------------------- rules

    private List<Rule> rule(Term.Ref pkg) {
        Token start = peek();
        boolean isDefault = false;
        if (start.type() == TokenType.IDENT && start.text().equals("default") && !refHeadKeyword()) {
            advance();
            isDefault = true;
        }
        Token headTok = peek();
        if (headTok.type() != TokenType.IDENT || (isReservedWord(headTok.text()) && !refHeadKeyword())) {
            throw unexpected(headTok, null);
        }
        Term headTerm = refTerm();
        Term.Ref localRef = headTerm instanceof Term.Var v ? new Term.Ref(v, List.of(), v.location())
                : headTerm instanceof Term.Ref r ? r : null;
        List<Term> args = null;
        if (headTerm instanceof Term.Call c) {
            localRef = c.operator();
            // `p() = x` is a complete rule, as in OPA: a function needs at least one parameter, and library code
            // refers to such rules without parentheses.
            args = c.args().isEmpty() ? null : c.args();
        }
        if (localRef == null || !(localRef.head() instanceof Term.Var)) {
            throw error(headTok, "invalid rule head");
        }
        Term.Ref ref = fullRef(pkg, localRef);
        Location location = loc(start);
        boolean v1 = version == RegoVersion.V1 || regoV1Import;

        if (isDefault) {
            boolean assign;
            if (at(TokenType.ASSIGN)) {
                assign = true;
            } else if (at(TokenType.UNIFY)) {
                assign = false;
            } else {
                throw error(peek(), "default rules must use = or := operator");
            }
            advance();
            Term value = exprTerm();
            RuleKind kind = args != null ? RuleKind.FUNCTION : RuleKind.SINGLE_VALUE;
            return List.of(new Rule(kind, ref, args == null ? List.of() : args, null, value, assign,
                    new Body(List.of(), location), true, null, List.of(), file, location));
        }

        Term key = null;
        Term value = null;
        boolean assign = false;
        RuleKind kind = args != null ? RuleKind.FUNCTION : RuleKind.SINGLE_VALUE;
        if (atKeyword("contains")) {
            if (args != null) {
                throw error(peek(), "function rules cannot use contains");
            }
            advance();
            key = exprTerm();
            kind = RuleKind.MULTI_VALUE;
        } else if (at(TokenType.ASSIGN) || at(TokenType.UNIFY)) {
            assign = advance().type() == TokenType.ASSIGN;
            value = exprTerm();
        }

        Body body;
        boolean hasBody = false;
        boolean usedIf = false;
        if (atKeyword("if")) {
            advance();
            usedIf = true;
            body = ruleBody(true);
            hasBody = true;
        } else if (at(TokenType.LBRACE) && !peek().newlineBefore()) {
            if (v1) {
                throw error(peek(), "`if` keyword is required before rule body");
            }
            body = ruleBody(false);
            hasBody = true;
        } else {
            body = new Body(List.of(), location);
        }
        if (kind == RuleKind.MULTI_VALUE) {
            // nothing more
        } else if (value == null) {
            List<Term> ops = localRef.operands();
            if (args == null && !v1 && ops.size() == 1 && !usedIf) {
                // v0: `p[x] { ... }` (or with no body) defines one member of the partial set p.
                kind = RuleKind.MULTI_VALUE;
                key = ops.get(0);
                ref = fullRef(pkg, new Term.Ref(localRef.head(), List.of(), localRef.location()));
            } else if (!hasBody && (args == null || v1)) {
                // v0 accepts a bodiless function head, `f("x", _)`: it is true for the matching arguments.
                throw error(headTok, "rule must have value assignment or body");
            } else {
                value = new Term.Scalar(BooleanValue.TRUE, location);
            }
        }
        if (kind == RuleKind.MULTI_VALUE && !v1 && key == null) {
            throw error(headTok, "invalid rule head");
        }

        Rule rule = new Rule(kind, ref, args == null ? List.of() : args, key, value, assign, body, false, null,
                List.of(), file, location);
        List<Rule> extra = new ArrayList<>();
        // v0 allows chained bodies `p { a } { b }`: each is a separate rule with the same head.
        while (!v1 && hasBody && at(TokenType.LBRACE) && !peek().newlineBefore()) {
            extra.add(rule.withBody(ruleBody(false)));
        }
        if (atKeyword("else")) {
            if (kind != RuleKind.SINGLE_VALUE && kind != RuleKind.FUNCTION) {
                throw error(peek(), "else keyword cannot be used on multi-value rules");
            }
            if (!hasBody) {
                throw error(peek(), "else keyword cannot be used on rules without a body");
            }
            rule = rule.withElse(elseChain(rule, v1));
        }
        List<Rule> all = new ArrayList<>();
        all.add(rule);
        all.addAll(extra);
        return all;
    }

    private Rule elseChain(Rule owner, boolean v1) {
        Token kw = advance();
        Term value = null;
        boolean assign = owner.assign();
        if (at(TokenType.ASSIGN) || at(TokenType.UNIFY)) {
            assign = advance().type() == TokenType.ASSIGN;
            value = exprTerm();
        }
        Body body;
        if (atKeyword("if")) {
            advance();
            body = ruleBody(true);
        } else if (at(TokenType.LBRACE) && !peek().newlineBefore()) {
            if (v1) {
                throw error(peek(), "`if` keyword is required before rule body");
            }
            body = ruleBody(false);
        } else {
            body = new Body(List.of(), loc(kw));
        }
        if (value == null) {
            value = new Term.Scalar(BooleanValue.TRUE, loc(kw));
        }
        Rule e = new Rule(owner.kind(), owner.ref(), owner.args(), null, value, assign, body, false, null, List.of(),
                file, loc(kw));
        if (atKeyword("else")) {
            e = e.withElse(elseChain(e, v1));
        }
        return e;
    }

    private Body ruleBody(boolean afterIf) {
        if (at(TokenType.LBRACE)) {
            Token open = advance();
            // `if { ... }` could also be a set/object literal as a single-literal body; OPA treats braces as a body.
            Body b = query(TokenType.RBRACE);
            expect(TokenType.RBRACE);
            if (b.isEmpty()) {
                throw error(open, "found empty body");
            }
            return b;
        }
        if (!afterIf) {
            throw unexpected(peek(), "expected rule body");
        }
        Expr e = literal();
        return new Body(List.of(e), e.location());
    }

    /** A keyword directly followed by '.', as in {@code true.foo} or {@code some.x}: OPA reads it as a ref head. */
    private boolean refHeadKeyword() {
        Token next = peek(1);
        return peek().type() == TokenType.IDENT && next.type() == TokenType.DOT && !next.spaceBefore()
                && !next.newlineBefore();
    }

    private static boolean isReservedWord(String s) {
        return switch (s) {
            case "package", "import", "else", "with", "as", "not", "some", "true", "false", "null" -> true;
            default -> false;
        };
    }

    private Term.Ref fullRef(Term.Ref pkg, Term.Ref local) {
        List<Term> ops = new ArrayList<>(pkg.operands());
        Term.Var head = (Term.Var) local.head();
        ops.add(new Term.Scalar(StringValue.of(head.name()), head.location()));
        ops.addAll(local.operands());
        return new Term.Ref(pkg.head(), ops, local.location());
    }

    // ---------------------------------------------------------------- bodies

    /** Parses literals separated by ';' or newlines until {@code end} (not consumed). */
    private Body query(TokenType end) {
        Token first = peek();
        enter(first);
        List<Expr> exprs = new ArrayList<>();
        while (!at(end) && !at(TokenType.EOF)) {
            exprs.add(literal());
            if (at(TokenType.SEMICOLON)) {
                advance();
                continue;
            }
            if (at(end) || at(TokenType.EOF)) {
                break;
            }
            if (!peek().newlineBefore()) {
                throw unexpected(peek(), "expected \\n or ; or " + end.display());
            }
        }
        leave();
        return new Body(exprs, loc(first));
    }

    private Expr literal() {
        Token start = peek();
        Expr e = logicEnabled() ? logicOr() : negatable();
        List<With> withs = withModifiers();
        if (!withs.isEmpty()) {
            List<With> all = new ArrayList<>(e.withs());
            all.addAll(withs);
            e = e.withModifiers(e.negated(), all);
        }
        return e;
    }

    /** Zero or more {@code with target as value} modifiers. */
    private List<With> withModifiers() {
        List<With> withs = new ArrayList<>();
        while (atKeyword("with")) {
            Token w = advance();
            Term target = refTerm();
            if (!(target instanceof Term.Ref) && !(target instanceof Term.Var)) {
                throw error(w, "expected with target");
            }
            if (!atKeyword("as")) {
                throw unexpected(peek(), "expected as");
            }
            advance();
            Term value = exprTerm();
            withs.add(new With(target, value, loc(w)));
        }
        return withs;
    }

    private boolean logicEnabled() {
        return keywords.contains("and") || keywords.contains("or");
    }

    /** {@code not}? followed by an expression. */
    private Expr negatable() {
        Token start = peek();
        boolean negated = false;
        if (start.type() == TokenType.IDENT && start.text().equals("not") && !refHeadKeyword()) {
            advance();
            negated = true;
        }
        // future.keywords.not allows `not { body }`; the logic keywords allow explicit bodies as operands.
        Expr e = logicEnabled() || (negated && keywords.contains("not")) ? explicitBodyOr() : literalExpr();
        if (negated) {
            if (e instanceof Expr.SomeDecl || e instanceof Expr.SomeIn) {
                throw error(start, "unexpected some keyword: not cannot be used with some");
            }
            e = e.withModifiers(true, e.withs());
        }
        return e;
    }

    private Expr logicOr() {
        Expr left = logicAnd();
        if (!atKeyword("or")) {
            return left;
        }
        List<Body> operands = new ArrayList<>(List.of(operandBody(left)));
        while (atKeyword("or")) {
            advance();
            operands.add(operandBody(logicAnd()));
        }
        return new Expr.Logic(Expr.LogicOp.OR, operands, false, List.of(), left.location());
    }

    private Expr logicAnd() {
        Expr left = negatable();
        if (!atKeyword("and")) {
            return left;
        }
        List<Body> operands = new ArrayList<>(List.of(operandBody(left)));
        while (atKeyword("and")) {
            advance();
            operands.add(operandBody(negatable()));
        }
        return new Expr.Logic(Expr.LogicOp.AND, operands, false, List.of(), left.location());
    }

    private static Body operandBody(Expr e) {
        if (e instanceof Expr.Logic l && l.op() == Expr.LogicOp.BODY && !l.negated() && l.withs().isEmpty()) {
            return l.operands().get(0);
        }
        return new Body(List.of(e), e.location());
    }

    /** With logic keywords on, {@code { ... }} in operand position is an explicit body when it parses as one. */
    private Expr explicitBodyOr() {
        if (at(TokenType.LBRACE)) {
            int save = p;
            int savedDepth = depth;
            Token open = advance();
            try {
                Body b = query(TokenType.RBRACE);
                expect(TokenType.RBRACE);
                if (!b.isEmpty()) {
                    return new Expr.Logic(Expr.LogicOp.BODY, List.of(b), false, List.of(), loc(open));
                }
            } catch (ParseException e) {
                // not a body: fall back to a set or object literal
            }
            p = save;
            depth = savedDepth;
        }
        return literalExpr();
    }

    private Expr literalExpr() {
        Token start = peek();
        Location l = loc(start);
        if (start.type() == TokenType.IDENT && start.text().equals("some") && !refHeadKeyword()) {
            advance();
            return someDecl(l);
        }
        if (atKeyword("every") && !refHeadKeyword()) {
            advance();
            return every(l);
        }
        Term lhs = inTerm(true);
        if (at(TokenType.ASSIGN) || at(TokenType.UNIFY)) {
            Token op = advance();
            Term rhs = inTerm(true);
            String name = op.type() == TokenType.ASSIGN ? "assign" : "eq";
            if (op.type() == TokenType.ASSIGN && !assignable(lhs)) {
                throw error(op, "cannot assign to " + kindName(lhs));
            }
            return new Expr.CallExpr(Refs.fromName(name, loc(op)), List.of(lhs, rhs), false, List.of(), l);
        }
        if (lhs instanceof Term.Call c) {
            return new Expr.CallExpr(c.operator(), c.args(), false, List.of(), l);
        }
        return new Expr.TermExpr(lhs, false, List.of(), l);
    }

    private static boolean assignable(Term t) {
        return switch (t) {
            case Term.Var v -> true;
            case Term.ArrayTerm a -> a.elements().stream().allMatch(Parser::assignable);
            case Term.ObjectTerm o -> o.entries().stream().allMatch(e -> assignable(e.value()));
            case Term.Scalar s -> true;
            default -> false;
        };
    }

    private static String kindName(Term t) {
        return switch (t) {
            case Term.Ref r -> "ref";
            case Term.Call c -> "call";
            case Term.SetTerm s -> "set";
            case Term.ArrayComprehension a -> "arraycomprehension";
            case Term.SetComprehension a -> "setcomprehension";
            case Term.ObjectComprehension a -> "objectcomprehension";
            default -> "term";
        };
    }

    private Expr someDecl(Location l) {
        // `some x, y` or `some x in xs` / `some k, v in xs`
        Term first = orTerm();
        if (at(TokenType.COMMA)) {
            int save = p;
            advance();
            Term second = orTerm();
            if (atKeyword("in")) {
                advance();
                Term coll = orTerm();
                return new Expr.SomeIn(first, second, coll, false, List.of(), l);
            }
            p = save;
        }
        if (atKeyword("in")) {
            advance();
            Term coll = orTerm();
            return new Expr.SomeIn(null, first, coll, false, List.of(), l);
        }
        List<Term.Var> vars = new ArrayList<>();
        Term t = first;
        while (true) {
            if (!(t instanceof Term.Var v)) {
                throw error(peek(), "expected var");
            }
            vars.add(v);
            if (!at(TokenType.COMMA)) {
                break;
            }
            advance();
            t = orTerm();
        }
        if (atKeyword("in")) {
            throw error(peek(), "unexpected in keyword");
        }
        return new Expr.SomeDecl(vars, false, List.of(), l);
    }

    private Expr every(Location l) {
        Term first = orTerm();
        Term key = null;
        Term value = first;
        if (at(TokenType.COMMA)) {
            advance();
            key = first;
            value = orTerm();
        }
        if (!atKeyword("in")) {
            throw unexpected(peek(), "expected in");
        }
        advance();
        Term domain = orTerm();
        if (!at(TokenType.LBRACE)) {
            throw unexpected(peek(), "expected {");
        }
        Token open = advance();
        Body body = query(TokenType.RBRACE);
        expect(TokenType.RBRACE);
        if (body.isEmpty()) {
            throw error(open, "found empty body");
        }
        if (key != null && !(key instanceof Term.Var)) {
            throw error(open, "unexpected " + kindName(key) + " in every key position: expected var");
        }
        return new Expr.Every(key, value, domain, body, false, List.of(), l);
    }

    // ---------------------------------------------------------------- terms with operators

    /** A full expression term, as used for rule values and with values. */
    private Term exprTerm() {
        return inTerm(false);
    }

    /** {@code allowKeyValue}: whether {@code k, v in xs} may appear (statement level only, not in lists). */
    private Term inTerm(boolean allowKeyValue) {
        Term lhs = relationTerm();
        if (allowKeyValue && at(TokenType.COMMA) && isKeyword("in") && lookaheadKeyValueIn()) {
            advance();
            Term mid = relationTerm();
            Token in = expect(TokenType.IDENT);
            Term rhs = relationTerm();
            lhs = call("internal.member_3", loc(in), lhs, mid, rhs);
        }
        while (atKeyword("in")) {
            Token in = advance();
            Term rhs = relationTerm();
            lhs = call("internal.member_2", loc(in), lhs, rhs);
        }
        return lhs;
    }

    /** Whether the tokens after a comma look like {@code v in xs} (so the comma is part of {@code k, v in xs}). */
    private boolean lookaheadKeyValueIn() {
        int save = p;
        int savedDepth = depth;
        try {
            advance();
            relationTerm();
            return atKeyword("in");
        } catch (ParseException e) {
            return false;
        } finally {
            p = save;
            depth = savedDepth;
        }
    }

    private Term relationTerm() {
        Term lhs = orTerm();
        while (true) {
            TokenType t = peek().type();
            String name = switch (t) {
                case EQ -> "equal";
                case NEQ -> "neq";
                case LT -> "lt";
                case LTE -> "lte";
                case GT -> "gt";
                case GTE -> "gte";
                default -> null;
            };
            if (name == null) {
                return lhs;
            }
            Token op = advance();
            Term rhs = orTerm();
            lhs = call(name, loc(op), lhs, rhs);
        }
    }

    private Term orTerm() {
        Term lhs = andTerm();
        while (at(TokenType.BAR) && !noBar) {
            Token op = advance();
            lhs = call("or", loc(op), lhs, andTerm());
        }
        return lhs;
    }

    private Term andTerm() {
        Term lhs = arithTerm();
        while (at(TokenType.AMP)) {
            Token op = advance();
            lhs = call("and", loc(op), lhs, arithTerm());
        }
        return lhs;
    }

    private Term arithTerm() {
        Term lhs = factorTerm();
        while (at(TokenType.PLUS) || at(TokenType.MINUS)) {
            Token op = advance();
            lhs = call(op.type() == TokenType.PLUS ? "plus" : "minus", loc(op), lhs, factorTerm());
        }
        return lhs;
    }

    private Term factorTerm() {
        Term lhs = unaryTerm();
        while (at(TokenType.STAR) || at(TokenType.SLASH) || at(TokenType.PERCENT)) {
            Token op = advance();
            String name = switch (op.type()) {
                case STAR -> "mul";
                case SLASH -> "div";
                default -> "rem";
            };
            lhs = call(name, loc(op), lhs, unaryTerm());
        }
        return lhs;
    }

    private Term unaryTerm() {
        if (at(TokenType.MINUS)) {
            Token minus = advance();
            Token next = peek();
            if (next.type() == TokenType.NUMBER && !next.spaceBefore() && !next.newlineBefore()) {
                advance();
                return refTail(number("-" + next.text(), minus));
            }
            enter(minus);
            Term operand = unaryTerm();
            leave();
            return call("minus", loc(minus), new Term.Scalar(NumberValue.ZERO, loc(minus)), operand);
        }
        return refTerm();
    }

    private Term.Call call(String name, Location l, Term... args) {
        return new Term.Call(Refs.fromName(name, l), List.of(args), l);
    }

    // ---------------------------------------------------------------- primary terms

    /** A primary term followed by any ref/call continuation. */
    private Term refTerm() {
        Token t = peek();
        enter(t);
        boolean savedNoBar = noBar;
        if (t.type() == TokenType.LPAREN || t.type() == TokenType.LBRACK || t.type() == TokenType.LBRACE) {
            noBar = false;
        }
        Term base = primary();
        noBar = false;
        Term result = refTail(base);
        noBar = savedNoBar;
        leave();
        return result;
    }

    private Term refTail(Term base) {
        Term cur = base;
        while (true) {
            Token t = peek();
            if (t.newlineBefore() || t.spaceBefore()) {
                return cur;
            }
            if (t.type() == TokenType.DOT) {
                advance();
                Token name = peek();
                if (name.type() != TokenType.IDENT || name.spaceBefore() || name.newlineBefore()) {
                    throw unexpected(name, "expected ident");
                }
                advance();
                cur = appendOperand(cur, new Term.Scalar(StringValue.of(KeyStrings.register(name.text())), loc(name)));
            } else if (t.type() == TokenType.LBRACK) {
                advance();
                Term key = exprTerm();
                expect(TokenType.RBRACK);
                cur = appendOperand(cur, key);
            } else if (t.type() == TokenType.LPAREN && isCallable(cur)) {
                advance();
                List<Term> args = new ArrayList<>();
                while (!at(TokenType.RPAREN)) {
                    args.add(exprTerm());
                    if (!at(TokenType.COMMA)) {
                        break;
                    }
                    advance();
                }
                expect(TokenType.RPAREN);
                Term.Ref op = cur instanceof Term.Var v ? new Term.Ref(v, List.of(), v.location()) : (Term.Ref) cur;
                cur = new Term.Call(op, args, op.location());
            } else {
                return cur;
            }
        }
    }

    private static boolean isCallable(Term t) {
        if (t instanceof Term.Var) {
            return true;
        }
        return t instanceof Term.Ref r && r.head() instanceof Term.Var && Refs.nameOf(r) != null;
    }

    private Term appendOperand(Term cur, Term op) {
        if (cur instanceof Term.Ref r) {
            return Refs.append(r, List.of(op));
        }
        return new Term.Ref(cur, List.of(op), cur.location());
    }

    private Term primary() {
        Token t = peek();
        Location l = loc(t);
        switch (t.type()) {
            case NUMBER -> {
                advance();
                return number(t.text(), t);
            }
            case STRING, RAW_STRING -> {
                advance();
                return new Term.Scalar(StringValue.of(KeyStrings.register(t.text())), l);
            }
            case TEMPLATE -> {
                advance();
                return template(t);
            }
            case IDENT -> {
                String s = t.text();
                switch (refHeadKeyword() ? "" : s) {
                    case "true" -> {
                        advance();
                        return new Term.Scalar(BooleanValue.TRUE, l);
                    }
                    case "false" -> {
                        advance();
                        return new Term.Scalar(BooleanValue.FALSE, l);
                    }
                    case "null" -> {
                        advance();
                        return new Term.Scalar(NullValue.INSTANCE, l);
                    }
                    default -> { }
                }
                if (s.equals("set") && peek(1).type() == TokenType.LPAREN && peek(2).type() == TokenType.RPAREN
                        && !peek(1).spaceBefore()) {
                    advance();
                    advance();
                    advance();
                    return new Term.SetTerm(List.of(), l);
                }
                boolean callLike = peek(1).type() == TokenType.LPAREN && !peek(1).spaceBefore();
                if (isKeyword(s) && !(s.equals("contains") && callLike) && !refHeadKeyword()) {
                    throw error(t, "unexpected " + s + " keyword");
                }
                advance();
                if (s.equals("_")) {
                    return new Term.Var("$_" + (wildcards++), l);
                }
                return new Term.Var(s, l);
            }
            case LBRACK -> {
                return arrayOrComprehension();
            }
            case LBRACE -> {
                return objectOrSet();
            }
            case LPAREN -> {
                advance();
                Term inner = inTerm(true);
                expect(TokenType.RPAREN);
                return inner;
            }
            default -> throw unexpected(t, null);
        }
    }

    private Term number(String text, Token t) {
        try {
            return new Term.Scalar(NumberValue.parse(text), loc(t));
        } catch (NumberFormatException | ArithmeticException e) {
            throw error(t, "illegal number format");
        }
    }

    private Term template(Token t) {
        List<Term> parts = new ArrayList<>();
        for (Object part : t.parts()) {
            if (part instanceof String s) {
                if (!s.isEmpty()) {
                    parts.add(new Term.Scalar(StringValue.of(s), loc(t)));
                }
            } else {
                @SuppressWarnings("unchecked")
                List<Token> inner = (List<Token>) part;
                Parser sub = new Parser(file, inner, version, keywords, depth + 1);
                sub.wildcards = wildcards + 10_000;
                if (sub.at(TokenType.EOF)) {
                    throw error(t, "empty template expression");
                }
                Term expr = sub.exprTerm();
                List<With> withs = sub.withModifiers();
                if (!sub.at(TokenType.EOF)) {
                    throw sub.unexpected(sub.peek(), "expected }");
                }
                parts.add(new Term.Template(List.of(expr), true, withs, expr.location()));
            }
        }
        return new Term.Template(parts, false, loc(t));
    }

    private Term arrayOrComprehension() {
        Token open = advance();
        Location l = loc(open);
        if (at(TokenType.RBRACK)) {
            advance();
            return new Term.ArrayTerm(List.of(), l);
        }
        boolean savedNoBar = noBar;
        noBar = true;
        Term first = exprTerm();
        noBar = savedNoBar;
        if (at(TokenType.BAR)) {
            advance();
            Body body = query(TokenType.RBRACK);
            expect(TokenType.RBRACK);
            if (body.isEmpty()) {
                throw error(open, "found empty body");
            }
            return new Term.ArrayComprehension(first, body, l);
        }
        List<Term> elems = new ArrayList<>();
        elems.add(first);
        while (at(TokenType.COMMA)) {
            advance();
            if (at(TokenType.RBRACK)) {
                break;
            }
            elems.add(exprTerm());
        }
        expect(TokenType.RBRACK);
        return new Term.ArrayTerm(elems, l);
    }

    private Term objectOrSet() {
        Token open = advance();
        Location l = loc(open);
        if (at(TokenType.RBRACE)) {
            advance();
            return new Term.ObjectTerm(List.of(), l);
        }
        boolean savedNoBar = noBar;
        noBar = true;
        Term first = exprTerm();
        if (at(TokenType.COLON)) {
            advance();
            Term value = exprTerm();
            noBar = savedNoBar;
            if (at(TokenType.BAR)) {
                advance();
                Body body = query(TokenType.RBRACE);
                expect(TokenType.RBRACE);
                if (body.isEmpty()) {
                    throw error(open, "found empty body");
                }
                return new Term.ObjectComprehension(first, value, body, l);
            }
            List<Term.Entry> entries = new ArrayList<>();
            entries.add(new Term.Entry(first, value));
            while (at(TokenType.COMMA)) {
                advance();
                if (at(TokenType.RBRACE)) {
                    break;
                }
                Term k = exprTerm();
                expect(TokenType.COLON);
                entries.add(new Term.Entry(k, exprTerm()));
            }
            expect(TokenType.RBRACE);
            return new Term.ObjectTerm(entries, l);
        }
        noBar = savedNoBar;
        if (at(TokenType.BAR)) {
            advance();
            Body body = query(TokenType.RBRACE);
            expect(TokenType.RBRACE);
            if (body.isEmpty()) {
                throw error(open, "found empty body");
            }
            return new Term.SetComprehension(first, body, l);
        }
        List<Term> elems = new ArrayList<>();
        elems.add(first);
        while (at(TokenType.COMMA)) {
            advance();
            if (at(TokenType.RBRACE)) {
                break;
            }
            elems.add(exprTerm());
        }
        expect(TokenType.RBRACE);
        return new Term.SetTerm(elems, l);
    }
}

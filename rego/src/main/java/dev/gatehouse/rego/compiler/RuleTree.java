package dev.gatehouse.rego.compiler;

import dev.gatehouse.rego.ast.Rule;
import dev.gatehouse.rego.ast.RuleKind;
import dev.gatehouse.rego.ast.Term;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of a compiled policy arranged by path under {@code data}. A rule sits at the node named by the
 * longest all-string prefix of its head ref; the rest of the ref (its "suffix") is evaluated per solution.
 * Immutable after compilation; safe to share between threads.
 */
public final class RuleTree {

    /** One path segment. */
    public static final class Node {
        private final String path;
        private final Map<Value, Node> children = new LinkedHashMap<>();
        private final List<Rule> rules = new ArrayList<>();
        private Rule defaultRule;
        private RuleIndex index;
        private final int id;
        /**
         * Set by {@link CompiledPolicy} as it is built (before it is published) so that a call reads them from the
         * node rather than from identity tables: the constant-parameter index of a function, and whether the
         * function is pure.
         */
        FunctionIndex functionIndex;
        /** The function's definitions as {@link FunctionRule}s, in definition order. */
        FunctionRule[] functionRules;
        /** The policy in which this function is pure, or null: a node never belongs to another policy's set. */
        CompiledPolicy pureIn;
        /** Documents kept by parameters when the node's rules read nothing else, or null. */
        InvariantValues invariantValues;
        /** The key its document is shared under between policies evaluated on the same input member, or null. */
        SharedDocumentKey sharedKey;
        /** The function's answer when its loops are known to have nothing to loop over, or null. */
        EmptyLoopGuard emptyLoops;

        Node(String path, int id) {
            this.path = path;
            this.id = id;
        }

        /**
         * This node's number in its tree, dense from 0 ({@link RuleTree#nodeCount()}): the evaluator keeps per-node
         * state (documents computed, rules in progress) in arrays indexed by it rather than in hash tables.
         */
        public int id() { return id; }
        /** Whether the node has child nodes (without the view {@link #children()} allocates). */
        public boolean hasChildren() { return !children.isEmpty(); }

        /** Dotted path, e.g. {@code data.pkg.p}. */
        public String path() { return path; }
        public Map<Value, Node> children() { return Collections.unmodifiableMap(children); }
        public Node child(Value key) { return children.get(key); }
        /** Non-default rules defined at this node (else branches hang off their first rule). */
        public List<Rule> rules() {
            // One view, not one per call: the evaluator asks for every rule and function evaluation.
            List<Rule> v = rulesView;
            if (v == null) {
                v = Collections.unmodifiableList(rules);
                rulesView = v;
            }
            return v;
        }
        private List<Rule> rulesView;
        public Rule defaultRule() { return defaultRule; }
        public boolean hasRules() { return !rules.isEmpty() || defaultRule != null; }
        /** The equality index over this node's rules, or null. */
        public RuleIndex index() { return index; }

        public boolean isFunction() {
            Rule r = defaultRule != null ? defaultRule : rules.isEmpty() ? null : rules.get(0);
            return r != null && r.kind() == RuleKind.FUNCTION;
        }

        public boolean isMultiValue() {
            return !rules.isEmpty() && rules.get(0).kind() == RuleKind.MULTI_VALUE;
        }

        /** Whether some rule here has a suffix (object-producing ref head). */
        public boolean hasSuffixRules() {
            return suffixRulesKnown ? suffixRules : computeSuffixRules();
        }

        /** {@link #hasSuffixRules()} as of the final tree, recorded when its indices are built (asked per document). */
        private boolean suffixRules;
        private boolean suffixRulesKnown;

        private boolean computeSuffixRules() {
            for (Rule r : rules) {
                if (r.kind() != RuleKind.FUNCTION && RuleTree.prefixLength(r.ref()) < r.ref().operands().size()) {
                    return true;
                }
            }
            return false;
        }
    }

    private int nodeCount = 1;
    private final Node root = new Node("data", 0);

    /** The number of nodes, one more than the greatest {@link Node#id()}. */
    public int nodeCount() {
        return nodeCount;
    }

    public Node root() {
        return root;
    }

    void add(Rule rule) {
        Node n = nodeFor(rule.ref(), prefixLength(rule.ref()));
        if (rule.isDefault()) {
            n.defaultRule = rule;
        } else {
            n.rules.add(rule);
        }
    }

    /** Calls {@code action} for every node, the root first, each before its children. */
    public void forEachNode(java.util.function.Consumer<Node> action) {
        List<Node> stack = new ArrayList<>(List.of(root));
        while (!stack.isEmpty()) {
            Node n = stack.remove(stack.size() - 1);
            action.accept(n);
            stack.addAll(n.children.values());
        }
    }

    /** Builds rule indices for every node (stage BuildRuleIndices). */
    void buildIndices() {
        forEachNode(n -> {
            if (!n.isFunction()) {
                n.index = RuleIndex.build(n.rules);
            }
            n.suffixRules = n.computeSuffixRules();
            n.suffixRulesKnown = true;
        });
    }

    /** Ensures the package path exists so that empty packages still read as empty objects. */
    void addPackage(Term.Ref pkg) {
        nodeFor(pkg, pkg.operands().size());
    }

    private Node nodeFor(Term.Ref ref, int len) {
        Node n = root;
        for (int i = 0; i < len; i++) {
            Value key = ((Term.Scalar) ref.operands().get(i)).value();
            Node cur = n;
            n = n.children.computeIfAbsent(key, k -> new Node(cur.path + "." + ((StringValue) k).value(), nodeCount++));
        }
        return n;
    }

    /** The node at an exact path of string keys, or null. */
    public Node find(List<String> path) {
        Node n = root;
        for (String s : path) {
            n = n.children.get(StringValue.of(s));
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    /** Number of leading string-constant operands of a head ref. */
    public static int prefixLength(Term.Ref ref) {
        int i = 0;
        for (Term t : ref.operands()) {
            if (t instanceof Term.Scalar s && s.value() instanceof StringValue) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }
}

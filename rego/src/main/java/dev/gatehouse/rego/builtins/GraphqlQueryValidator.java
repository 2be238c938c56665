package dev.gatehouse.rego.builtins;

import static dev.gatehouse.rego.builtins.GraphqlSchemaValidator.list;
import static dev.gatehouse.rego.builtins.GraphqlSchemaValidator.str;

import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.Value;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates an executable GraphQL document against a schema with the specification's core rules: known root
 * operation types, unique operation and fragment names, lone anonymous operations, fields defined on their
 * parent type, leaf and composite selections, known and required arguments, known fragments and type conditions,
 * no unused fragments, and variables defined, used and of input types. Messages follow gqlparser's wording.
 * Stateless; one call validates one document.
 */
final class GraphqlQueryValidator {
    private GraphqlQueryValidator() {}

    /** A validation error, with the position of the offending field when known (else 0:0). */
    static final class Invalid extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int line;
        final int column;

        Invalid(String message, int[] pos) {
            super(message, null, false, false);
            this.line = pos == null ? 0 : pos[0];
            this.column = pos == null ? 0 : pos[1];
        }
    }

    static void validate(ObjectValue query, GraphqlSchemaValidator.Schema schema, Map<Value, int[]> positions) {
        new Run(schema, positions).document(query);
    }

    private static final class Run {
        final GraphqlSchemaValidator.Schema schema;
        final Map<Value, int[]> positions;
        final Map<String, ObjectValue> fragments = new HashMap<>();
        final Set<String> usedFragments = new HashSet<>();
        Set<String> usedVariables;
        Set<String> visiting;

        Run(GraphqlSchemaValidator.Schema schema, Map<Value, int[]> positions) {
            this.schema = schema;
            this.positions = positions;
        }

        void document(ObjectValue doc) {
            List<ObjectValue> operations = list(doc.get("Operations"));
            for (ObjectValue f : list(doc.get("Fragments"))) {
                if (fragments.put(str(f, "Name"), f) != null) {
                    throw new Invalid("There can be only one fragment named \"" + str(f, "Name") + "\".", null);
                }
            }
            Set<String> names = new HashSet<>();
            for (ObjectValue op : operations) {
                String name = str(op, "Name");
                if (name.isEmpty() && operations.size() > 1) {
                    throw new Invalid("This anonymous operation must be the only defined operation.", null);
                }
                if (!name.isEmpty() && !names.add(name)) {
                    throw new Invalid("There can be only one operation named \"" + name + "\".", null);
                }
                operation(op);
            }
            for (String f : fragments.keySet()) {
                if (!usedFragments.contains(f)) {
                    throw new Invalid("Fragment \"" + f + "\" is never used.", null);
                }
            }
        }

        void operation(ObjectValue op) {
            String kind = str(op, "Operation");
            String rootName = schema.roots().get(kind);
            GraphqlSchemaValidator.TypeDef root = rootName == null ? null : schema.types().get(rootName);
            if (root == null) {
                throw new Invalid("Schema does not support operation type \"" + kind + "\"", null);
            }
            Map<String, ObjectValue> declared = new HashMap<>();
            for (ObjectValue v : list(op.get("VariableDefinitions"))) {
                String name = str(v, "Variable");
                if (declared.put(name, v) != null) {
                    throw new Invalid("There can be only one variable named \"$" + name + "\".", null);
                }
                GraphqlSchemaValidator.TypeDef t = type(v.get("Type"));
                if (t == null || !(t.kind.equals("SCALAR") || t.kind.equals("ENUM") || t.kind.equals("INPUT_OBJECT"))) {
                    throw new Invalid("Variable \"$" + name + "\" cannot be non-input type \""
                            + typeText(v.get("Type")) + "\".", null);
                }
            }
            usedVariables = new HashSet<>();
            visiting = new HashSet<>();
            selections(list(op.get("SelectionSet")), root);
            for (String used : usedVariables) {
                if (!declared.containsKey(used)) {
                    throw new Invalid("Variable \"$" + used + "\" is not defined.", null);
                }
            }
            for (String name : declared.keySet()) {
                if (!usedVariables.contains(name)) {
                    throw new Invalid("Variable \"$" + name + "\" is never used.", null);
                }
            }
        }

        GraphqlSchemaValidator.TypeDef type(Value typeRef) {
            ObjectValue t = (ObjectValue) typeRef;
            Value elem = t.get("Elem");
            return elem != null ? type(elem) : schema.types().get(str(t, "NamedType"));
        }

        static String typeText(Value typeRef) {
            ObjectValue t = (ObjectValue) typeRef;
            Value elem = t.get("Elem");
            String base = elem != null ? "[" + typeText(elem) + "]" : str(t, "NamedType");
            return t.get("NonNull") == dev.gatehouse.rego.value.BooleanValue.TRUE ? base + "!" : base;
        }

        void selections(List<ObjectValue> set, GraphqlSchemaValidator.TypeDef parent) {
            for (ObjectValue s : set) {
                if (s.get("Alias") != null) {
                    field(s, parent);
                } else if (s.get("TypeCondition") != null) {
                    GraphqlSchemaValidator.TypeDef on = parent;
                    String cond = str(s, "TypeCondition");
                    if (!cond.isEmpty()) {
                        on = schema.types().get(cond);
                        if (on == null) {
                            throw new Invalid("Unknown type \"" + cond + "\".", null);
                        }
                    }
                    variables(list(s.get("Directives")));
                    selections(list(s.get("SelectionSet")), on);
                } else {
                    String name = str(s, "Name");
                    ObjectValue fragment = fragments.get(name);
                    if (fragment == null) {
                        throw new Invalid("Unknown fragment \"" + name + "\".", null);
                    }
                    usedFragments.add(name);
                    variables(list(s.get("Directives")));
                    if (visiting.add(name)) {
                        GraphqlSchemaValidator.TypeDef on = schema.types().get(str(fragment, "TypeCondition"));
                        if (on == null) {
                            throw new Invalid("Unknown type \"" + str(fragment, "TypeCondition") + "\".", null);
                        }
                        selections(list(fragment.get("SelectionSet")), on);
                        visiting.remove(name);
                    }
                }
            }
        }

        void field(ObjectValue f, GraphqlSchemaValidator.TypeDef parent) {
            String name = str(f, "Name");
            int[] pos = positions.get(f);
            List<ObjectValue> sub = list(f.get("SelectionSet"));
            variables(list(f.get("Directives")));
            if (name.equals("__typename")) {
                return;
            }
            if ((name.equals("__schema") || name.equals("__type")) && parent.name.equals(schema.roots().get("query"))) {
                for (ObjectValue a : list(f.get("Arguments"))) {
                    variables(a.get("Value"));
                }
                return;
            }
            ObjectValue def = null;
            for (ObjectValue candidate : parent.fields) {
                if (str(candidate, "Name").equals(name)) {
                    def = candidate;
                }
            }
            if (def == null) {
                throw new Invalid("Cannot query field \"" + name + "\" on type \"" + parent.name + "\".", pos);
            }
            Map<String, ObjectValue> argDefs = new HashMap<>();
            for (ObjectValue a : list(def.get("Arguments"))) {
                argDefs.put(str(a, "Name"), a);
            }
            Set<String> given = new HashSet<>();
            for (ObjectValue a : list(f.get("Arguments"))) {
                String an = str(a, "Name");
                if (!argDefs.containsKey(an)) {
                    throw new Invalid("Unknown argument \"" + an + "\" on field \"" + parent.name + "." + name + "\".",
                            pos);
                }
                given.add(an);
                variables(a.get("Value"));
            }
            for (ObjectValue a : argDefs.values()) {
                boolean required = ((ObjectValue) a.get("Type")).get("NonNull") == dev.gatehouse.rego.value.BooleanValue.TRUE
                        && a.get("DefaultValue") == null;
                if (required && !given.contains(str(a, "Name"))) {
                    throw new Invalid("Field \"" + name + "\" argument \"" + str(a, "Name") + "\" of type \""
                            + typeText(a.get("Type")) + "\" is required, but it was not provided", pos);
                }
            }
            GraphqlSchemaValidator.TypeDef type = type(def.get("Type"));
            boolean leaf = type == null || type.kind.equals("SCALAR") || type.kind.equals("ENUM");
            if (leaf && !sub.isEmpty()) {
                throw new Invalid("Field \"" + name + "\" must not have a selection since type \""
                        + typeText(def.get("Type")) + "\" has no subfields.", pos);
            }
            if (!leaf && sub.isEmpty()) {
                throw new Invalid("Field \"" + name + "\" of type \"" + typeText(def.get("Type"))
                        + "\" must have a selection of subfields.", pos);
            }
            if (!leaf) {
                selections(sub, type);
            }
        }

        void variables(List<ObjectValue> directives) {
            for (ObjectValue d : directives) {
                if (!schema.directives().containsKey(str(d, "Name"))) {
                    throw new Invalid("Unknown directive \"@" + str(d, "Name") + "\".", null);
                }
                for (ObjectValue a : list(d.get("Arguments"))) {
                    variables(a.get("Value"));
                }
            }
        }

        /** Records the variables a value literal uses. */
        void variables(Value v) {
            if (!(v instanceof ObjectValue o)) {
                return;
            }
            if (o.get("Kind") instanceof dev.gatehouse.rego.value.NumberValue n && n.longValue() == 0) {
                usedVariables.add(str(o, "Raw"));
            }
            for (ObjectValue child : list(o.get("Children"))) {
                variables(child.get("Value"));
            }
        }
    }
}

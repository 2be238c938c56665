package dev.gatehouse.policy.constraint.match;

import dev.gatehouse.policy.constraint.ConstraintException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A Kubernetes label selector (metav1.LabelSelector): {@code matchLabels} and {@code matchExpressions} with the
 * operators In, NotIn, Exists and DoesNotExist, all ANDed. An empty selector matches everything.
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

    public LabelSelector {
        matchLabels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(matchLabels));
        matchExpressions = List.copyOf(matchExpressions);
    }

    /** One {@code matchExpressions} entry. */
    public record Requirement(String key, Operator operator, List<String> values) {
        public Requirement {
            values = List.copyOf(values);
        }

        boolean matches(Map<String, String> labels) {
            return switch (operator) {
                case IN -> labels.containsKey(key) && values.contains(labels.get(key));
                case NOT_IN -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case EXISTS -> labels.containsKey(key);
                case DOES_NOT_EXIST -> !labels.containsKey(key);
            };
        }
    }

    /** The selector operators. */
    public enum Operator { IN, NOT_IN, EXISTS, DOES_NOT_EXIST }

    /** Whether the labels satisfy every requirement. */
    public boolean matches(Map<String, String> labels) {
        for (Map.Entry<String, String> e : matchLabels.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (Requirement r : matchExpressions) {
            if (!r.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses a selector, rejecting what the API server rejects: unknown operators, values with Exists or
     * DoesNotExist, no values with In or NotIn.
     */
    public static LabelSelector parse(JsonNode node, String field) throws ConstraintException {
        if (!node.isObject()) {
            throw new ConstraintException(field, "must be an object");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.path("matchLabels").properties()) {
            if (!e.getValue().isString()) {
                throw new ConstraintException(field + ".matchLabels." + e.getKey(), "must be a string");
            }
            labels.put(e.getKey(), e.getValue().asString());
        }
        List<Requirement> requirements = new ArrayList<>();
        JsonNode expressions = node.path("matchExpressions");
        for (int i = 0; i < expressions.size(); i++) {
            JsonNode e = expressions.get(i);
            String f = field + ".matchExpressions[" + i + "]";
            String key = e.path("key").asString("");
            if (key.isEmpty()) {
                throw new ConstraintException(f + ".key", "Required value");
            }
            String op = e.path("operator").asString("");
            Operator operator = switch (op) {
                case "In" -> Operator.IN;
                case "NotIn" -> Operator.NOT_IN;
                case "Exists" -> Operator.EXISTS;
                case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
                default -> throw new ConstraintException(f + ".operator", "Unsupported value: \"" + op
                        + "\": supported values: \"In\", \"NotIn\", \"Exists\", \"DoesNotExist\"");
            };
            List<String> values = new ArrayList<>();
            for (JsonNode v : e.path("values")) {
                values.add(v.asString(""));
            }
            boolean needsValues = operator == Operator.IN || operator == Operator.NOT_IN;
            if (needsValues && values.isEmpty()) {
                throw new ConstraintException(f + ".values", "Required value: must be specified when `operator` is"
                        + " 'In' or 'NotIn'");
            }
            if (!needsValues && !values.isEmpty()) {
                throw new ConstraintException(f + ".values", "Forbidden: may not be specified when `operator` is"
                        + " 'Exists' or 'DoesNotExist'");
            }
            requirements.add(new Requirement(key, operator, values));
        }
        return new LabelSelector(labels, requirements);
    }

    /** The labels of an object (metadata.labels), string values only. */
    public static Map<String, String> labelsOf(JsonNode object) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (object == null) {
            return labels;
        }
        for (Map.Entry<String, JsonNode> e : object.path("metadata").path("labels").properties()) {
            if (e.getValue().isString()) {
                labels.put(e.getKey(), e.getValue().asString());
            }
        }
        return labels;
    }
}

package dev.gatehouse.rego.parser;

import dev.gatehouse.rego.value.ObjectValue;
import dev.gatehouse.rego.value.StringValue;
import dev.gatehouse.rego.value.Value;
import dev.gatehouse.rego.value.ValueJson;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Parses {@code # METADATA} comment blocks (YAML) into objects. */
final class Annotations {
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private Annotations() {}

    /**
     * The METADATA blocks that start after {@code afterRow} and end directly before {@code row}.
     *
     * @throws ParseException if a block is not a YAML mapping
     */
    static List<ObjectValue> blocksBefore(List<Lexer.Comment> comments, String file, int row, int afterRow,
                                          String defaultScope) {
        List<ObjectValue> out = new ArrayList<>();
        for (int i = 0; i < comments.size(); i++) {
            Lexer.Comment c = comments.get(i);
            if (c.row() <= afterRow || c.row() >= row || !c.text().strip().equals("METADATA")) {
                continue;
            }
            StringBuilder yaml = new StringBuilder();
            int lastRow = c.row();
            int j = i + 1;
            while (j < comments.size() && comments.get(j).row() == lastRow + 1 && comments.get(j).row() < row) {
                yaml.append(comments.get(j).text()).append('\n');
                lastRow = comments.get(j).row();
                j++;
            }
            out.add(parse(yaml.toString(), file, c.row(), c.col(), defaultScope));
            i = j - 1;
        }
        return out;
    }

    /** OPA accepts "Name <email>" strings for authors and reports them as {name, email} objects. */
    private static Value normalizeAuthors(dev.gatehouse.rego.value.ArrayValue authors) {
        List<Value> out = new ArrayList<>();
        for (Value a : authors) {
            if (a instanceof StringValue s) {
                String text = s.value().strip();
                ObjectValue.Builder b = ObjectValue.builder();
                int lt = text.lastIndexOf('<');
                if (lt >= 0 && text.endsWith(">")) {
                    String name = text.substring(0, lt).strip();
                    if (!name.isEmpty()) {
                        b.put("name", StringValue.of(name));
                    }
                    b.put("email", StringValue.of(text.substring(lt + 1, text.length() - 1).strip()));
                } else {
                    b.put("name", StringValue.of(text));
                }
                out.add(b.build());
            } else {
                out.add(a);
            }
        }
        return dev.gatehouse.rego.value.ArrayValue.of(out);
    }

    private static ObjectValue parse(String yaml, String file, int row, int col, String defaultScope) {
        try {
            JsonNode node = YAML.readTree(yaml);
            if (node == null || node.isMissingNode() || node.isNull()) {
                return ObjectValue.EMPTY;
            }
            Value v = ValueJson.fromNode(node);
            if (!(v instanceof ObjectValue o)) {
                throw new ParseException(file, row, col, "invalid METADATA block: expected a mapping");
            }
            if (o.get("scope") == null) {
                o = o.with(StringValue.of("scope"), StringValue.of(defaultScope));
            }
            if (o.get("authors") instanceof dev.gatehouse.rego.value.ArrayValue authors) {
                o = o.with(StringValue.of("authors"), normalizeAuthors(authors));
            }
            return o;
        } catch (JacksonException e) {
            throw new ParseException(file, row, col, "yaml: " + e.getOriginalMessage());
        }
    }
}

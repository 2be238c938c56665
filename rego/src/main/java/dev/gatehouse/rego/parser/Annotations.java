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
    static List<ObjectValue> blocksBefore(List<Lexer.Comment> comments, String file, int row, int afterRow) {
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
            out.add(parse(yaml.toString(), file, c.row(), c.col()));
            i = j - 1;
        }
        return out;
    }

    private static ObjectValue parse(String yaml, String file, int row, int col) {
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
                o = o.with(StringValue.of("scope"), StringValue.of("rule"));
            }
            return o;
        } catch (JacksonException e) {
            throw new ParseException(file, row, col, "yaml: " + e.getOriginalMessage());
        }
    }
}

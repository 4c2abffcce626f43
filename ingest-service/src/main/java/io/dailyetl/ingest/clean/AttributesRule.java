package io.dailyetl.ingest.clean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dailyetl.ingest.SourceJson;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * The attributes: every field other than the mapped ones, carried unchanged, as long as the warehouse can store it
 * ({@link StorableJson}); the reason of a refused one names that field.
 */
final class AttributesRule implements FieldRule<ObjectNode> {

    private final Set<String> mapped;
    private final JsonNodeFactory nodes = SourceJson.mapper().getNodeFactory();

    /** A rule for the fields a record has besides {@code mapped}. */
    AttributesRule(Collection<String> mapped) {
        this.mapped = Set.copyOf(mapped);
    }

    @Override
    public Checked<ObjectNode> check(JsonNode record) {
        ObjectNode attributes = nodes.objectNode();
        for (Map.Entry<String, JsonNode> field : record.properties()) {
            String key = field.getKey();
            if (mapped.contains(key)) {
                continue;
            }
            JsonNode value = field.getValue();
            String problem = key.indexOf('\0') >= 0 ? StorableJson.NUL : StorableJson.problem(value, 2);
            if (problem != null) {
                return Checked.refused(key, problem);
            }
            attributes.set(key, value);
        }
        return Checked.ok(attributes);
    }
}

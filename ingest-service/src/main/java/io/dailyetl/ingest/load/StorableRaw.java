package io.dailyetl.ingest.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dailyetl.common.JsonLimits;
import io.dailyetl.ingest.SourceJson;

import java.util.Map;

/**
 * A rejected record as the warehouse can quarantine it. Usually the record itself; but a record is often rejected
 * precisely because PostgreSQL could not store it, so what it cannot store is replaced by text saying what was
 * there: NUL becomes U+FFFD, a number beyond jsonb its digits as a string, an over-long string its start and
 * length, nesting deeper than the warehouse accepts a note.
 */
final class StorableRaw {

    private static final int KEPT_OF_LONG_STRING = 1000;
    private static final JsonNodeFactory NODES = SourceJson.mapper().getNodeFactory();

    private StorableRaw() {
    }

    static JsonNode of(JsonNode raw) {
        return storable(raw, 1) ? raw : copy(raw, 1);
    }

    private static boolean storable(JsonNode node, int depth) {
        if (node.isTextual()) {
            String s = node.textValue();
            return s.length() <= JsonLimits.MAX_STRING_LENGTH && s.indexOf('\0') < 0;
        }
        if (node.isNumber()) {
            return node.isIntegralNumber() || JsonLimits.jsonbNumberProblem(node.decimalValue()) == null;
        }
        if (!node.isContainerNode()) {
            return true;
        }
        if (depth > JsonLimits.MAX_ATTRIBUTES_DEPTH) {
            return false;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().indexOf('\0') >= 0 || !storable(field.getValue(), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        for (JsonNode element : node) {
            if (!storable(element, depth + 1)) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode copy(JsonNode node, int depth) {
        if (node.isTextual()) {
            String s = node.textValue();
            if (s.length() > JsonLimits.MAX_STRING_LENGTH) {
                s = s.substring(0, KEPT_OF_LONG_STRING) + "…(" + s.length() + " characters)";
            }
            return NODES.textNode(s.replace('\0', '\uFFFD'));
        }
        if (node.isNumber()) {
            return storable(node, depth) ? node : NODES.textNode(node.decimalValue().toString());
        }
        if (!node.isContainerNode()) {
            return node;
        }
        if (depth > JsonLimits.MAX_ATTRIBUTES_DEPTH) {
            return NODES.textNode("…(nested deeper than " + JsonLimits.MAX_ATTRIBUTES_DEPTH + " levels)");
        }
        if (node.isObject()) {
            ObjectNode copy = NODES.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                copy.set(field.getKey().replace('\0', '\uFFFD'), copy(field.getValue(), depth + 1));
            }
            return copy;
        }
        ArrayNode copy = NODES.arrayNode();
        for (JsonNode element : node) {
            copy.add(copy(element, depth + 1));
        }
        return copy;
    }
}

package io.dailyetl.ingest.clean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dailyetl.common.JsonLimits;
import io.dailyetl.ingest.SourceJson;

import java.math.BigDecimal;
import java.util.Map;

/**
 * What of a source record PostgreSQL can store, judged in one place: the cleaner rejects a record whose attributes
 * it could not store, and the quarantined copy of a rejected record has what it could not store replaced by text
 * saying what was there (NUL becomes U+FFFD, a number beyond jsonb its digits as a string, an over-long string its
 * start and length, nesting deeper than the warehouse accepts a note).
 */
public final class StorableJson {

    private static final int KEPT_OF_LONG_STRING = 1000;
    private static final JsonNodeFactory NODES = SourceJson.mapper().getNodeFactory();

    private StorableJson() {
    }

    /**
     * Why the warehouse could not store a value, or null: a NUL character, a number beyond what PostgreSQL's jsonb
     * holds, a string longer than {@link JsonLimits#MAX_STRING_LENGTH}, or nesting deeper than
     * {@link JsonLimits#MAX_ATTRIBUTES_DEPTH} ({@code depth} is the value's level; a record is level 1).
     */
    static String problem(JsonNode node, int depth) {
        if (node.isTextual()) {
            String text = node.textValue();
            if (text.length() > JsonLimits.MAX_STRING_LENGTH) {
                return "string longer than " + JsonLimits.MAX_STRING_LENGTH + " characters";
            }
            return text.indexOf('\0') >= 0 ? "contains a NUL character" : null;
        }
        if (node.isNumber()) {
            // integers are at most 1,000 digits long (the page parser's limit), which jsonb always holds
            return node.isIntegralNumber() ? null : numberProblem(node);
        }
        if (node.isContainerNode() && depth > JsonLimits.MAX_ATTRIBUTES_DEPTH) {
            return "nested deeper than " + JsonLimits.MAX_ATTRIBUTES_DEPTH + " levels";
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().indexOf('\0') >= 0) {
                    return "contains a NUL character";
                }
                String problem = problem(field.getValue(), depth + 1);
                if (problem != null) {
                    return problem;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                String problem = problem(element, depth + 1);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }

    /** A record as the warehouse can quarantine it: itself when it is storable, else a copy made storable. */
    public static JsonNode storable(JsonNode raw) {
        return problem(raw, 1) == null ? raw : copy(raw, 1);
    }

    private static String numberProblem(JsonNode node) {
        BigDecimal d = JsonNumbers.decimal(node);
        if (d == null) {
            return "not a finite number";
        }
        String problem = JsonLimits.jsonbNumberProblem(d);
        return problem == null ? null : problem + " (" + Reasons.printable(d.toString()) + ")";
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
            return problem(node, depth) == null ? node : NODES.textNode(node.decimalValue().toString());
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

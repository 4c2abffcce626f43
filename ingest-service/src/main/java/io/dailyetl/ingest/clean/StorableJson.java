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

    /** The problem of a key or string holding U+0000, which PostgreSQL's text and jsonb cannot store. */
    static final String NUL = "contains a NUL character";

    private static final int KEPT_OF_LONG_STRING = 1000;
    private static final JsonNodeFactory NODES = SourceJson.mapper().getNodeFactory();

    private StorableJson() {}

    /**
     * Why the warehouse could not store a value, or null: a NUL character, a number beyond what PostgreSQL's jsonb
     * holds, a string longer than {@link JsonLimits#MAX_STRING_LENGTH}, or nesting deeper than
     * {@link JsonLimits#MAX_ATTRIBUTES_DEPTH} ({@code depth} is the value's level; a record is level 1).
     */
    static String problem(JsonNode node, int depth) {
        if (node.isTextual()) {
            String text = node.textValue();
            return textProblem(text.length(), text.length() <= JsonLimits.MAX_STRING_LENGTH && text.indexOf('\0') >= 0);
        }
        if (node.isNumber()) {
            // integers are at most 1,000 digits long (the page parser's limit), which jsonb always holds
            return node.isIntegralNumber() ? null : numberProblem(node);
        }
        if (node.isContainerNode() && tooDeep(depth)) {
            return "nested deeper than " + JsonLimits.MAX_ATTRIBUTES_DEPTH + " levels";
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getKey().indexOf('\0') >= 0) {
                    return NUL;
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

    /**
     * Why the warehouse could not store a string of {@code length} UTF-16 units that does or does not hold a NUL,
     * or null: the one rule for strings, whether they are read as trees or token by token ({@link RecordScanner}).
     */
    static String textProblem(int length, boolean nul) {
        if (length > JsonLimits.MAX_STRING_LENGTH) {
            return "string longer than " + JsonLimits.MAX_STRING_LENGTH + " characters";
        }
        return nul ? NUL : null;
    }

    /** Whether a container at level {@code depth} (a record is level 1) is nested too deep to store. */
    static boolean tooDeep(int depth) {
        return depth > JsonLimits.MAX_ATTRIBUTES_DEPTH;
    }

    /** Why jsonb could not hold this exact decimal (a non-integral JSON number), or null; see {@link #problem}. */
    static String decimalProblem(BigDecimal d) {
        String problem = JsonLimits.jsonbNumberProblem(d);
        return problem == null ? null : problem + " (" + Reasons.printable(d.toString()) + ")";
    }

    private static String numberProblem(JsonNode node) {
        BigDecimal d = JsonNumbers.decimal(node);
        return d == null ? "not a finite number" : decimalProblem(d);
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
            return problem(node, depth) == null
                    ? node
                    : NODES.textNode(node.decimalValue().toString());
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

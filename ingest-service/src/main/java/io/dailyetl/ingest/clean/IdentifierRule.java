package io.dailyetl.ingest.clean;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.contract.FieldLimits;
import java.math.BigDecimal;

/**
 * An id or user id: a non-blank string, or a number taken as its text (integral: its digits; otherwise its plain
 * decimal form), within the warehouse's text bounds.
 */
record IdentifierRule(String field) implements FieldRule<String> {

    /** Stands in for a number whose plain form would be far too long to build: any text over the limit will do. */
    private static final String OVERLONG = "0".repeat(FieldLimits.MAX_TEXT + 1);

    @Override
    public Checked<String> check(JsonNode record) {
        JsonNode node = record.get(field);
        String id = identifier(node);
        String problem = id == null
                ? Reasons.absentOrWrongType(node, "expected a string or number")
                : id.isBlank() ? "required" : StoredText.problem(id);
        return problem == null ? Checked.ok(id) : Checked.refused(field, problem);
    }

    /** The identifier's text, or null when missing, JSON null or another type. */
    private static String identifier(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.asText();
        }
        if (node.isNumber()) {
            BigDecimal d = JsonNumbers.decimal(node);
            if (d == null) {
                return null;
            }
            // 1e999999999 would be a billion characters in plain form
            return plainLengthSurelyOver(d, FieldLimits.MAX_TEXT) ? OVERLONG : d.toPlainString();
        }
        return null;
    }

    /** True when {@code d.toPlainString()} would certainly exceed {@code max} characters (without building it). */
    private static boolean plainLengthSurelyOver(BigDecimal d, int max) {
        long scale = d.scale();
        return scale > max || (d.signum() != 0 && d.precision() - scale > max);
    }
}

package io.dailyetl.ingest.clean;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/** Exact values of JSON numbers as {@link io.dailyetl.ingest.SourceJson} reads them (decimals, never doubles). */
final class JsonNumbers {

    private JsonNumbers() {}

    /** The exact value of a JSON number, or null for a non-finite binary float (not produced by SourceJson). */
    static BigDecimal decimal(JsonNode node) {
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            return null;
        }
        return node.decimalValue();
    }
}

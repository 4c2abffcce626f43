package io.dailyetl.ingest.clean;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.contract.Amounts;
import java.math.BigDecimal;

/**
 * The amount: a JSON number or a numeric string (stripped), within the bounds {@link Amounts} sets, normalized as
 * it says; a missing or null amount is zero. A reason tells a value that is not a number from one out of range.
 */
record AmountRule(String field) implements FieldRule<BigDecimal> {

    /** Longer numeric strings are not handed to BigDecimal (whose parsing is quadratic); Jackson's own limit. */
    private static final int MAX_NUMBER_TEXT = 1000;

    @Override
    public Checked<BigDecimal> check(JsonNode record) {
        JsonNode node = record.get(field);
        BigDecimal amount = amount(node);
        return amount != null ? Checked.ok(amount) : Checked.refused(field, problem(node));
    }

    /** The normalized amount, or null if it is invalid ({@link #problem} says why). */
    private static BigDecimal amount(JsonNode node) {
        BigDecimal value;
        if (node == null || node.isNull()) {
            return BigDecimal.ZERO;
        } else if (node.isNumber()) {
            value = JsonNumbers.decimal(node);
        } else if (node.isTextual()) {
            value = parseDecimal(node.textValue().strip());
        } else {
            return null;
        }
        return value == null || Amounts.problem(value) != null ? null : Amounts.normalized(value);
    }

    private static String problem(JsonNode node) {
        if (node.isNumber()) {
            return JsonNumbers.decimal(node) == null
                    ? "not a number \"" + Reasons.shown(node) + "\""
                    : "out of range \"" + Reasons.shown(node) + "\"";
        }
        if (node.isTextual()) {
            String text = node.textValue().strip();
            boolean number = text.length() > MAX_NUMBER_TEXT ? looksNumeric(text) : parseDecimal(text) != null;
            return (number ? "out of range \"" : "not a number \"") + Reasons.shown(node) + "\"";
        }
        return "expected a number or numeric string";
    }

    private static BigDecimal parseDecimal(String text) {
        if (text.isEmpty() || text.length() > MAX_NUMBER_TEXT) {
            return null;
        }
        char first = text.charAt(0);
        if (first != '+' && first != '-' && first != '.' && (first < '0' || first > '9')) {
            return null; // not a number, and no exception needed to know it
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean looksNumeric(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && c != '.' && c != '+' && c != '-' && c != 'e' && c != 'E') {
                return false;
            }
        }
        return true;
    }
}

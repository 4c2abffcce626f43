package io.dailyetl.warehouse.staging;

import static io.dailyetl.warehouse.staging.BatchErrors.abbreviate;

import io.dailyetl.contract.Amounts;
import java.math.BigDecimal;

/**
 * A record's {@code amount}: an exact decimal within {@link Amounts}' range, staged as plain decimal text. An amount
 * already in that form (nearly all of them) is staged as sent, without being parsed; over-long text is refused
 * before it is parsed, so hostile values cost no CPU.
 */
final class AmountRule {

    /** Longest amount text: a valid amount needs at most 23 characters; longer ones are not parsed. */
    static final int MAX_AMOUNT_TEXT = 64;

    private AmountRule() {}

    /** The amount as plain decimal text for COPY, or null (and an error on {@code errors}) if it is not valid. */
    static String copyText(String value, BatchErrors errors) {
        if (value == null) {
            errors.field("amount", "required (an exact decimal such as \"12.50\")");
            return null;
        }
        if (isPlain(value)) {
            return value; // what the long way below would make of it
        }
        String text = value.trim();
        if (text.length() > MAX_AMOUNT_TEXT) {
            errors.field(
                    "amount",
                    "out of range: " + text.length() + " characters (an amount has at most "
                            + Amounts.MAX_INTEGER_DIGITS + " integer digits and " + Amounts.MAX_DECIMAL_PLACES
                            + " decimal places)");
            return null;
        }
        BigDecimal amount;
        try {
            amount = new BigDecimal(text);
        } catch (NumberFormatException e) {
            errors.field("amount", "not a decimal number: \"" + abbreviate(value) + "\"");
            return null;
        }
        Amounts.Problem problem = Amounts.problem(amount);
        if (problem != null) {
            errors.field("amount", problem.describe(abbreviate(value)));
            return null;
        }
        // only now, with at most 15 + 6 digits, is the plain form cheap
        return Amounts.normalized(amount).toPlainString();
    }

    /**
     * Whether {@code s} is an amount already in its stored form, which {@link #copyText} then need not parse: an
     * optional minus and 1-15 integer digits without leading zeros (or a single zero, not negative), then optionally
     * a point and 1-6 decimal places.
     */
    static boolean isPlain(String s) {
        int n = s.length();
        int i = 0;
        if (n > 0 && s.charAt(0) == '-') {
            i++;
            if (n == 1 || s.charAt(1) == '0') {
                return false; // a negative zero, or a leading zero: BigDecimal writes these otherwise
            }
        }
        int start = i;
        while (i < n && isDigit(s.charAt(i))) {
            i++;
        }
        int integers = i - start;
        if (integers == 0 || integers > Amounts.MAX_INTEGER_DIGITS || (integers > 1 && s.charAt(start) == '0')) {
            return false;
        }
        if (i == n) {
            return true;
        }
        if (s.charAt(i) != '.') {
            return false;
        }
        int decimals = n - i - 1;
        if (decimals < 1 || decimals > Amounts.MAX_DECIMAL_PLACES) {
            return false;
        }
        for (i++; i < n; i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}

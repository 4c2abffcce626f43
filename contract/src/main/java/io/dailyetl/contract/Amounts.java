package io.dailyetl.contract;

import java.math.BigDecimal;

/**
 * The one rule for what an amount may be, applied by ingest's cleaner (a reject) and the warehouse's batch reader
 * (a 400): at most 15 integer digits and 6 decimal places, trailing zeros not counting, written with an exponent of
 * at most ±64. Every check is arithmetic on scale and precision, so an absurd exponent costs nothing.
 */
public final class Amounts {

    public static final int MAX_INTEGER_DIGITS = 15;
    public static final int MAX_DECIMAL_PLACES = 6;
    /** Largest exponent (scale) an amount may be written with, either way. */
    public static final int MAX_EXPONENT = 64;

    /** Why a value is not an amount, each with the word a message starts with. */
    public enum Problem {
        ABSURD_EXPONENT("out of range", "has an absurd exponent"),
        TOO_MANY_DIGITS("out of range", "has more than " + MAX_INTEGER_DIGITS + " integer digits"),
        TOO_PRECISE("too precise", "has more than " + MAX_DECIMAL_PLACES + " decimal places");

        private final String kind;
        private final String detail;

        Problem(String kind, String detail) {
            this.kind = kind;
            this.detail = detail;
        }

        /** {@code out of range: "<shown>" has more than 15 integer digits}, and the like. */
        public String describe(String shown) {
            return kind + ": \"" + shown + "\" " + detail;
        }
    }

    private Amounts() {}

    /** Why {@code value} is not an amount, or null if it is one. */
    public static Problem problem(BigDecimal value) {
        // long arithmetic: an exponent near Integer.MIN/MAX_VALUE must not wrap round into range
        if (Math.abs((long) value.scale()) > MAX_EXPONENT) {
            // even a zero: "-0e-99999999" is no way to write an amount, and its plain form is 100 MB of zeros
            return Problem.ABSURD_EXPONENT;
        }
        if (fitsAsWritten(value)) {
            return null;
        }
        BigDecimal normal = withoutTrailingZeros(value);
        if ((long) normal.precision() - normal.scale() > MAX_INTEGER_DIGITS) {
            return Problem.TOO_MANY_DIGITS;
        }
        return normal.scale() > MAX_DECIMAL_PLACES ? Problem.TOO_PRECISE : null;
    }

    /**
     * An amount (one {@link #problem} has no objection to) in the form it is stored: as written when that fits,
     * else without trailing zeros and never with a negative scale, so its plain text is at most 23 characters.
     */
    public static BigDecimal normalized(BigDecimal amount) {
        if (fitsAsWritten(amount)) {
            return amount;
        }
        BigDecimal normal = withoutTrailingZeros(amount);
        return normal.scale() < 0 ? normal.setScale(0) : normal;
    }

    private static boolean fitsAsWritten(BigDecimal v) {
        return v.scale() >= 0
                && v.scale() <= MAX_DECIMAL_PLACES
                && (long) v.precision() - v.scale() <= MAX_INTEGER_DIGITS;
    }

    private static BigDecimal withoutTrailingZeros(BigDecimal v) {
        return v.signum() == 0 ? BigDecimal.ZERO : v.stripTrailingZeros();
    }
}

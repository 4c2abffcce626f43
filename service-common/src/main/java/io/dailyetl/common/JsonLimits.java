package io.dailyetl.common;

import com.fasterxml.jackson.core.StreamReadConstraints;
import java.math.BigDecimal;

/**
 * The limits every JSON reader in the pipeline enforces, set explicitly rather than left to Jackson's defaults,
 * and the one rule for what a number inside {@code attributes} may be: what PostgreSQL's {@code jsonb} can hold.
 * Ingest applies them to source pages (a record beyond them becomes a reject), the warehouse to batches (a 400).
 */
public final class JsonLimits {

    /** Longest JSON number token, in characters: longer ones are refused before any BigDecimal is built. */
    public static final int MAX_NUMBER_LENGTH = 1000;
    /** Longest JSON string value, in characters. */
    public static final int MAX_STRING_LENGTH = 1_000_000;
    /** Deepest nesting of a whole document (a page or a batch body); {@link #MAX_ATTRIBUTES_DEPTH} is checked per record. */
    public static final int MAX_DOCUMENT_DEPTH = 64;
    /** Deepest nesting of arrays and objects inside a record's {@code attributes} (the attributes object is level 1). */
    public static final int MAX_ATTRIBUTES_DEPTH = 32;
    /** PostgreSQL numeric: digits before the decimal point. */
    private static final long PG_MAX_INTEGER_DIGITS = 131_072;
    /** PostgreSQL numeric: digits after the decimal point. */
    private static final long PG_MAX_SCALE = 16_383;

    private JsonLimits() {}

    /** The read constraints above, for a {@code JsonFactory} or {@code ObjectMapper} builder. */
    public static StreamReadConstraints constraints() {
        return StreamReadConstraints.builder()
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNestingDepth(MAX_DOCUMENT_DEPTH)
                .build();
    }

    /**
     * Why a JSON number (as written) cannot be stored in {@code jsonb}, or null if it can: an exponent beyond
     * what a decimal can carry, more than 131,072 integer digits or more than 16,383 decimal places (PostgreSQL's
     * numeric limits; a zero may carry any positive exponent).
     */
    public static String jsonbNumberProblem(String text) {
        if (text.length() > MAX_NUMBER_LENGTH) {
            return "number longer than " + MAX_NUMBER_LENGTH + " characters";
        }
        BigDecimal d;
        try {
            d = new BigDecimal(text);
        } catch (NumberFormatException e) {
            return "number out of range (exponent too large)";
        }
        return jsonbNumberProblem(d);
    }

    /** Why an exact decimal cannot be stored in {@code jsonb}, or null if it can (see {@link #jsonbNumberProblem(String)}). */
    public static String jsonbNumberProblem(BigDecimal d) {
        long scale = d.scale();
        if (scale > PG_MAX_SCALE) {
            return "number with more than " + PG_MAX_SCALE + " decimal places";
        }
        if (d.signum() != 0 && d.precision() - scale > PG_MAX_INTEGER_DIGITS) {
            return "number with more than " + PG_MAX_INTEGER_DIGITS + " integer digits";
        }
        return null;
    }
}

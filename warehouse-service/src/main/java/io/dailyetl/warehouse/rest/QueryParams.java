package io.dailyetl.warehouse.rest;

import io.dailyetl.common.ProblemException;

/** The rule the resources' numeric query parameters (limits, offsets) share. */
final class QueryParams {

    private QueryParams() {}

    /** {@code value}, unless it is outside {@code [min, max]}: then a 400 naming {@code field}. */
    static int bounded(int value, String field, int min, int max) {
        if (value < min || value > max) {
            throw ProblemException.invalid(field, "must be between " + min + " and " + max);
        }
        return value;
    }
}

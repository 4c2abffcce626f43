package io.dailyetl.ingest.clean;

import io.dailyetl.contract.FieldLimits;

/**
 * The bounds the warehouse puts on an id, user id or status ({@link FieldLimits#MAX_TEXT} UTF-16 units, no NUL),
 * checked here so it never refuses a batch for one.
 */
final class StoredText {

    private StoredText() {}

    /** Why the warehouse would refuse this text, or null if it is fine. */
    static String problem(String text) {
        if (text.isEmpty()) {
            return "required";
        }
        if (text.length() > FieldLimits.MAX_TEXT) {
            return "longer than " + FieldLimits.MAX_TEXT + " characters";
        }
        if (text.indexOf('\0') >= 0) {
            return "contains a NUL character";
        }
        return null;
    }
}

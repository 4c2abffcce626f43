package io.dailyetl.ingest.clean;

import io.dailyetl.contract.FieldLimits;

/** The bounds the warehouse puts on an id, user id or status, checked here so it never refuses a batch for one. */
final class StoredText {

    /** Longest id, user id or status the warehouse stores (in UTF-16 units, as the warehouse counts them). */
    static final int MAX_TEXT = FieldLimits.MAX_TEXT;

    private StoredText() {
    }

    /** Why the warehouse would refuse this text, or null if it is fine. */
    static String problem(String text) {
        if (text.isEmpty()) {
            return "required";
        }
        if (text.length() > MAX_TEXT) {
            return "longer than " + MAX_TEXT + " characters";
        }
        if (text.indexOf('\0') >= 0) {
            return "contains a NUL character";
        }
        return null;
    }
}

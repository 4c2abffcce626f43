package io.dailyetl.ingest.clean;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How reject reasons show what they talk about: field names and values cut to 64 characters (never inside a
 * surrogate pair) and NUL written as {@code \u0000}, so a reason is always short, printable and storable.
 */
final class Reasons {

    private static final int MAX_SHOWN = 64;

    private Reasons() {}

    /** "required" for a missing or JSON-null field, else {@code wrongType}. */
    static String absentOrWrongType(JsonNode node, String wrongType) {
        return node == null || node.isNull() ? "required" : wrongType;
    }

    /** A value as text for a reason (a string as given, anything else as JSON), shortened and NUL-free. */
    static String shown(JsonNode node) {
        return printable(node.isValueNode() ? node.asText() : node.toString());
    }

    static String printable(String text) {
        String s = text;
        if (s.length() > MAX_SHOWN) {
            int end = Character.isHighSurrogate(s.charAt(MAX_SHOWN - 1)) ? MAX_SHOWN - 1 : MAX_SHOWN;
            s = s.substring(0, end) + "...";
        }
        return s.indexOf('\0') >= 0 ? s.replace("\0", "\\u0000") : s;
    }
}

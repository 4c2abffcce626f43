package io.dailyetl.report.notify;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** How values from a run, the source or the warehouse are written into a notification: safe on one line, and short. */
final class Text {

    private Text() {}

    /**
     * {@code value} on one line: line breaks, tabs and every other control character (C0, C1, DEL, the Unicode line
     * and paragraph separators) become one space, runs of spaces one space. What goes into a mail header or a
     * headline: no value can start a header (a {@code CRLF Bcc:} in a source's name) or a line of its own.
     */
    static String oneLine(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length());
        boolean space = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean blank = Character.isWhitespace(c) || Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
            if (blank) {
                if (!space && out.length() > 0) {
                    out.append(' ');
                }
                space = true;
            } else {
                out.append(c);
                space = false;
            }
        }
        return out.toString().strip();
    }

    /** One line of a value as it is, but for control characters (tabs kept), each shown as a space. */
    static String visible(String line) {
        StringBuilder out = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            out.append(c != '\t' && Character.isISOControl(c) ? ' ' : c);
        }
        return out.toString();
    }

    /** {@link #oneLine} cut at {@code max} characters (an ellipsis says so). */
    static String abbreviate(String value, int max) {
        String line = oneLine(value);
        return line.length() <= max ? line : line.substring(0, max - 1) + "\u2026";
    }

    /** An instant to the second, ISO-8601 in UTC ({@code 2026-12-07T02:00:13Z}); {@code none} when null. */
    static String time(Instant instant) {
        return instant == null
                ? "none"
                : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** A duration as a person reads it: {@code 850ms}, {@code 45s}, {@code 2m 13s}, {@code 1h 2m 13s}. */
    static String duration(Duration d) {
        if (d.isNegative()) {
            return "0s";
        }
        if (d.toSeconds() == 0) {
            return d.toMillis() + "ms";
        }
        long h = d.toHours();
        int m = d.toMinutesPart();
        int s = d.toSecondsPart();
        if (h > 0) {
            return h + "h " + m + "m " + s + "s";
        }
        return m > 0 ? m + "m " + s + "s" : s + "s";
    }

    /** A measured value with at most four significant digits ({@code 0.1235}, {@code 12}); {@code none} when null. */
    static String number(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof Number n) {
            BigDecimal d =
                    new BigDecimal(n.toString()).round(new MathContext(4)).stripTrailingZeros();
            return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
        }
        return String.valueOf(value);
    }
}

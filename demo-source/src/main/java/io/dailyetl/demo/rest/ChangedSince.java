package io.dailyetl.demo.rest;

import io.dailyetl.demo.data.SourceData;
import io.dailyetl.demo.data.Window;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The changed-since filter's query parameters: {@code updated_since} (inclusive) and {@code updated_before}
 * (exclusive), each an ISO-8601 instant with {@code Z} or an offset, or epoch seconds or milliseconds (all digits:
 * above 100,000,000,000 milliseconds, else seconds). Only a changing world has them.
 */
final class ChangedSince {

    static final String SINCE = "updated_since";
    static final String BEFORE = "updated_before";
    private static final long MILLIS_ABOVE = 100_000_000_000L;

    private ChangedSince() {}

    /** The window the parameters ask for ({@link Window#ALL} without them); a 400 naming the parameter at fault. */
    static Window window(SourceData data, String since, String before) {
        boolean hasSince = present(since);
        boolean hasBefore = present(before);
        if (!hasSince && !hasBefore) {
            return Window.ALL;
        }
        if (data.world() == null) {
            throw Problem.invalid(
                    hasSince ? SINCE : BEFORE,
                    "needs demo.world=changing (in the static world records "
                            + "never change and carry no updated_at)");
        }
        long from = hasSince ? millis(SINCE, since) : Long.MIN_VALUE;
        long to = hasBefore ? millis(BEFORE, before) : Long.MAX_VALUE;
        if (to <= from) {
            throw Problem.invalid(
                    BEFORE, "must be after " + SINCE + " (the window is [" + SINCE + ", " + BEFORE + "))");
        }
        return new Window(from, to);
    }

    /** The window as query parameters to append ({@code &updated_since=…&updated_before=…}), empty for all records. */
    static String query(Window window) {
        return (window.hasSince() ? "&" + SINCE + "=" + window.sinceText() : "")
                + (window.hasBefore() ? "&" + BEFORE + "=" + window.beforeText() : "");
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    /** Epoch milliseconds, rounded up (an instant between two milliseconds bounds like the next one). */
    private static long millis(String name, String value) {
        String text = value.trim();
        try {
            if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                long n = Long.parseLong(text);
                return n > MILLIS_ABOVE ? n : n * 1000;
            }
            // a '+' of an offset arrives as a space when the client did not encode it
            Instant instant = OffsetDateTime.parse(text.replace(' ', '+')).toInstant();
            long ms = instant.toEpochMilli();
            return instant.getNano() % 1_000_000 == 0 ? ms : ms + 1;
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw Problem.invalid(
                    name,
                    "not an instant: \"" + value + "\" (an ISO-8601 instant such as "
                            + "2026-11-24T00:00:00Z or 2026-11-24T01:00:00+01:00, or epoch seconds or milliseconds)");
        }
    }
}

package io.dailyetl.warehouse.analytics;

import io.dailyetl.warehouse.failure.InvalidInput;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * What a per-user spend question asks: the days {@code [from, to)}, whose midnights are those of {@code zone}, the
 * status to count, and the one source to count ({@code null}: every source, summed). Built from the question as
 * asked, each field at fault named.
 */
public record SpendWindow(LocalDate from, LocalDate to, String status, ZoneId zone, String source) {

    /** The longest source name a load can have. */
    static final int SOURCE_MAX = 64;

    /**
     * The window asked for: {@code from} and {@code to} as YYYY-MM-DD, {@code to} after {@code from}, a status that
     * is not blank (compared in lower case), an IANA zone or, if none is given, {@code defaultZone}, and a source
     * name or, if none is given, every source.
     */
    public static SpendWindow of(
            String from, String to, String status, String zone, String source, ZoneId defaultZone) {
        LocalDate first = day(from, "from");
        LocalDate end = day(to, "to");
        if (!end.isAfter(first)) {
            throw InvalidInput.of("to", "must be after from (the window is [from, to))");
        }
        if (status.isBlank()) {
            throw InvalidInput.of("status", "must not be blank");
        }
        ZoneId days = defaultZone;
        if (zone != null && !zone.isBlank()) {
            try {
                days = ZoneId.of(zone.trim());
            } catch (DateTimeException e) {
                throw InvalidInput.of(
                        "zone", "not a time zone: \"" + zone + "\" (use an IANA id such as Europe/Berlin)");
            }
        }
        String only = source == null || source.isBlank() ? null : source.trim();
        if (only != null && only.length() > SOURCE_MAX) {
            throw InvalidInput.of("source", "longer than " + SOURCE_MAX + " characters");
        }
        return new SpendWindow(first, end, status.trim().toLowerCase(Locale.ROOT), days, only);
    }

    private static LocalDate day(String value, String field) {
        if (value == null || value.isBlank()) {
            throw InvalidInput.of(field, "required (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw InvalidInput.of(field, "not a date (YYYY-MM-DD): \"" + value + "\"");
        }
    }
}

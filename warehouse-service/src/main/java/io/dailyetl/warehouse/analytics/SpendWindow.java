package io.dailyetl.warehouse.analytics;

import io.dailyetl.warehouse.failure.InvalidInput;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * What a per-user spend question asks: the days {@code [from, to)}, whose midnights are those of {@code zone}, and
 * the status to count. Built from the question as asked, each field at fault named.
 */
public record SpendWindow(LocalDate from, LocalDate to, String status, ZoneId zone) {

    /**
     * The window asked for: {@code from} and {@code to} as YYYY-MM-DD, {@code to} after {@code from}, a status that
     * is not blank (compared in lower case), and an IANA zone or, if none is given, {@code defaultZone}.
     */
    public static SpendWindow of(String from, String to, String status, String zone, ZoneId defaultZone) {
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
        return new SpendWindow(first, end, status.trim().toLowerCase(Locale.ROOT), days);
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

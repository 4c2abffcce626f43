package io.dailyetl.console.action;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The console's own check of an action's form, before anything is called: dates as {@code <input type=date>} sends
 * them ({@code YYYY-MM-DD}), none in the future, a window's end after its start. A field at fault is
 * {@link Invalid}, naming it.
 */
public final class Form {

    private Form() {}

    /** A field of a form at fault: its name and what is wrong, as the page says it. */
    public static class Invalid extends RuntimeException {
        private final String field;

        public Invalid(String field, String message) {
            super(field + ": " + message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** The kind of run a form asks for: {@code NOW} (also when missing), {@code FULL} or {@code BACKFILL}. */
    public static Actions.RunKind kind(String kind) {
        if (kind == null || kind.isBlank()) {
            return Actions.RunKind.NOW;
        }
        try {
            return Actions.RunKind.valueOf(kind.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Invalid("kind", "one of NOW, FULL, BACKFILL, not '" + abbreviate(kind) + "'");
        }
    }

    /**
     * The source a form names: null when it names none (ingest's only source), else the name trimmed, shaped as a
     * source's name is (a lower-case letter, then up to 62 lower-case letters, digits or {@code -}). Whether ingest
     * has it is ingest's to say.
     */
    public static String source(String source) {
        if (source == null || source.isBlank()) {
            return null;
        }
        String name = source.trim();
        if (!name.matches("[a-z][a-z0-9-]{0,62}")) {
            throw new Invalid(
                    "source",
                    "not a source's name (a lower-case letter, then lower-case letters, digits or " + "-): '"
                            + abbreviate(source) + "'");
        }
        return name;
    }

    /** A backfill's window {@code [from, to)}; {@code to} null: up to now. */
    public record Window(LocalDate from, LocalDate to) {}

    /**
     * The window of a backfill: {@code from} required, not after {@code today}; {@code to} optional (up to now), after
     * {@code from} and not after tomorrow (an exclusive end: {@code today} is pulled whole with {@code to = today + 1}).
     */
    public static Window window(String from, String to, LocalDate today) {
        LocalDate start = date("from", from, true);
        if (start.isAfter(today)) {
            throw new Invalid("from", "is in the future (" + start + "; today is " + today + ")");
        }
        LocalDate end = date("to", to, false);
        if (end != null && !end.isAfter(start)) {
            throw new Invalid("to", "must be after from (" + start + "), not " + end);
        }
        if (end != null && end.isAfter(today.plusDays(1))) {
            throw new Invalid("to", "is in the future (" + end + "; today is " + today + ")");
        }
        return new Window(start, end);
    }

    /** The end (exclusive) of a report's week: required, not after {@code today}. */
    public static LocalDate weekEnd(String end, LocalDate today) {
        LocalDate day = date("end", end, true);
        if (day.isAfter(today)) {
            throw new Invalid("end", "is in the future (" + day + "; today is " + today + ")");
        }
        return day;
    }

    private static LocalDate date(String field, String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                throw new Invalid(field, "required: a date (YYYY-MM-DD)");
            }
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new Invalid(field, "not a date (YYYY-MM-DD): '" + abbreviate(value) + "'");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}

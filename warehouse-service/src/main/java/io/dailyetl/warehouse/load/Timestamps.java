package io.dailyetl.warehouse.load;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Validates {@code createdAt} (ISO-8601 with {@code Z} or an offset) and gives the text to hand PostgreSQL.
 * The common shape {@code 2026-11-19T10:00:00[.fff](Z|+hh:mm)} is checked by hand, because it is on the hot
 * path of every batch and {@link DateTimeFormatter} costs microseconds a value; anything else falls back to it.
 */
final class Timestamps {

    private Timestamps() {
    }

    /** The value to stage (PostgreSQL reads the same instant), or null if it is not a valid timestamp. */
    static String forCopy(String s) {
        if (isCommonValid(s)) {
            return s;
        }
        try {
            OffsetDateTime time = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return time.getYear() < 1 || time.getYear() > 9999 ? null : time.toInstant().toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** True only for a well-formed, real date-time in the common shape; false sends it to the slow path. */
    static boolean isCommonValid(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return false;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return false;
        }
        int i = 19;
        if (i < n && s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 9) {
                return false;
            }
        }
        if (i == n - 1) {
            return s.charAt(i) == 'Z';
        }
        if (i != n - 6 || (s.charAt(i) != '+' && s.charAt(i) != '-') || s.charAt(i + 3) != ':') {
            return false;
        }
        int offsetHours = digits(s, i + 1, 2);
        int offsetMinutes = digits(s, i + 4, 2);
        return offsetHours >= 0 && offsetMinutes >= 0 && offsetMinutes <= 59
                && (offsetHours < 18 || (offsetHours == 18 && offsetMinutes == 0));
    }

    private static int digits(String s, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }
}

package io.dailyetl.contract;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The one ISO-8601 codec both ends of a batch use for {@code createdAt}. Ingest writes every instant in the wire
 * form {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} ({@link #append}); the warehouse accepts any ISO-8601 date-time with
 * {@code Z} or an offset, recognising the wire form by hand ({@link #isWireForm}) and leaving anything else to
 * java.time ({@link #toWire}). Plain arithmetic instead of java.time on the common path, because every record
 * passes through here twice. The calendar helpers are shared by ingest's lenient timestamp parser.
 */
public final class Iso8601 {

    private static final long DAYS_0000_TO_1970 = 719_528L;

    private Iso8601() {}

    // ---- writing --------------------------------------------------------------------------------------------

    /** Appends {@code instant} (years 1-9999) in the wire form; other years as {@link Instant#toString()}. */
    public static void append(StringBuilder out, Instant instant) {
        long seconds = instant.getEpochSecond();
        long epochDay = Math.floorDiv(seconds, 86_400);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);

        // LocalDate.ofEpochDay's algorithm, without the objects
        long zeroDay = epochDay + DAYS_0000_TO_1970 - 60;
        long adjust = 0;
        if (zeroDay < 0) {
            long adjustCycles = (zeroDay + 1) / 146_097 - 1;
            adjust = adjustCycles * 400;
            zeroDay += -adjustCycles * 146_097;
        }
        long yearEst = (400 * zeroDay + 591) / 146_097;
        long doyEst = zeroDay - (365 * yearEst + yearEst / 4 - yearEst / 100 + yearEst / 400);
        if (doyEst < 0) {
            yearEst--;
            doyEst = zeroDay - (365 * yearEst + yearEst / 4 - yearEst / 100 + yearEst / 400);
        }
        yearEst += adjust;
        int marchDoy0 = (int) doyEst;
        int marchMonth0 = (marchDoy0 * 5 + 2) / 153;
        int month = (marchMonth0 + 2) % 12 + 1;
        int day = marchDoy0 - (marchMonth0 * 306 + 5) / 10 + 1;
        long year = yearEst + marchMonth0 / 10;
        if (year < 1 || year > 9999) {
            out.append(instant); // outside what the cleaner lets through; java.time knows best
            return;
        }

        pad(out, (int) year, 4).append('-');
        pad(out, month, 2).append('-');
        pad(out, day, 2).append('T');
        pad(out, secondOfDay / 3_600, 2).append(':');
        pad(out, secondOfDay / 60 % 60, 2).append(':');
        pad(out, secondOfDay % 60, 2);
        int nano = instant.getNano();
        if (nano > 0) {
            int digits = 9;
            while (nano % 10 == 0) {
                nano /= 10;
                digits--;
            }
            out.append('.');
            pad(out, nano, digits);
        }
        out.append('Z');
    }

    /** {@code instant} in the wire form (see {@link #append}). */
    public static String format(Instant instant) {
        StringBuilder sb = new StringBuilder(30);
        append(sb, instant);
        return sb.toString();
    }

    // ---- reading --------------------------------------------------------------------------------------------

    /**
     * The text to hand PostgreSQL for a date-time the warehouse received: itself when it is in the wire form (or
     * the same shape with an offset), else the instant java.time reads from it, or null if it is not an ISO-8601
     * date-time with an offset of a year 1-9999.
     */
    public static String toWire(String s) {
        if (isWireForm(s)) {
            return s;
        }
        try {
            OffsetDateTime time = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            return time.getYear() < 1 || time.getYear() > 9999
                    ? null
                    : time.toInstant().toString();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * True only for a real date-time shaped {@code yyyy-MM-ddTHH:mm:ss[.f…](Z|±hh:mm)}, what {@link #append} writes;
     * false for anything else, which is not necessarily invalid (java.time decides in {@link #toWire}).
     */
    public static boolean isWireForm(String s) {
        int n = s.length();
        if (n < 20
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return false;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 1
                || month < 1
                || month > 12
                || day < 1
                || day > daysIn(year, month)
                || hour < 0
                || hour > 23
                || minute < 0
                || minute > 59
                || second < 0
                || second > 59) {
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
        return offsetHours >= 0
                && offsetMinutes >= 0
                && offsetMinutes <= 59
                && (offsetHours < 18 || (offsetHours == 18 && offsetMinutes == 0));
    }

    // ---- the calendar ---------------------------------------------------------------------------------------

    /** The ASCII digits at {@code from} as a number, or -1 if any is not one (java.time reads only ASCII digits). */
    public static int digits(String s, int from, int count) {
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

    /** Days in a month (1-12) of a proleptic Gregorian year. */
    public static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    public static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    /** Days from 1970-01-01 to a valid date of a year 0-9999 (as {@code LocalDate.toEpochDay()}). */
    public static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        total += (367 * month - 362) / 12 + day - 1;
        if (month > 2) {
            total -= isLeap(year) ? 1 : 2;
        }
        return total - DAYS_0000_TO_1970;
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(s);
    }
}

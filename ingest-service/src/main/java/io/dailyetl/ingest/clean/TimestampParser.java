package io.dailyetl.ingest.clean;

import com.fasterxml.jackson.databind.JsonNode;
import io.dailyetl.contract.Iso8601;
import java.math.BigDecimal;
import java.text.ParsePosition;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Reads the timestamps sources write into instants. A timestamp may be:
 * <ul>
 *   <li>an ISO-8601 date-time with {@code Z} or an offset ({@code 2026-11-19T12:00:00+02:00}), exactly as
 *       {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} accepts it;</li>
 *   <li>an ISO local date-time ({@code 2026-11-19T10:00:00}, {@code 2026-11-19T10:00}) or date ({@code 2026-11-19},
 *       meaning the start of that day), read in the parser's zone with java.time's default resolution of DST gaps
 *       (moved forward by the gap) and overlaps (the earlier offset);</li>
 *   <li>a JSON number counting from the epoch. The unit is guessed from the magnitude: an integral value whose
 *       absolute value is below 100,000,000,000 is epoch <em>seconds</em> (up to the year 5138), anything larger is
 *       epoch <em>milliseconds</em> (from March 1973 on; earlier millisecond values would be misread as seconds).
 *       Numbers with a non-zero fractional part ({@code 1763546400.5}) are refused; {@code 1763546400.0} is
 *       integral.</li>
 * </ul>
 * Thread-safe. Valid timestamps cost no exception: the common shape is parsed by hand (agreeing with java.time on
 * every text, impossible dates included), and anything else goes to java.time's ISO formatters, which decide.
 */
final class TimestampParser {

    private static final long SECONDS_LIMIT = 100_000_000_000L;
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final int[] NANO_SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    // Markers returned by the hand-rolled parser; it never produces these instants (its years are 0000-9999).
    /** The text is not in the common shape: java.time decides. */
    private static final Instant NOT_COMMON = Instant.MIN;
    /** The text is in the common shape but names an impossible date or time (java.time agrees). */
    private static final Instant IMPOSSIBLE = Instant.MAX;

    private final ZoneId zone;
    /** The zone's offset in seconds when it never changes (UTC, fixed offsets), else null. */
    private final Integer fixedOffsetSeconds;

    /** A parser reading local date-times and dates in {@code zone}. */
    TimestampParser(ZoneId zone) {
        this.zone = zone;
        this.fixedOffsetSeconds = zone.getRules().isFixedOffset()
                ? zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds()
                : null;
    }

    /**
     * The instant a string or number names, or null if it names none. Not checked against any range; an epoch
     * number beyond a long is {@link Instant#MAX}.
     */
    Instant parse(JsonNode node) {
        if (node.isTextual()) {
            return parse(node.textValue());
        }
        if (node.isNumber()) {
            return epoch(node);
        }
        return null;
    }

    /** The instant a timestamp string names, or null if java.time's ISO formats do not accept it. */
    Instant parse(String s) {
        Instant fast = parseCommon(s);
        if (fast == IMPOSSIBLE) {
            return null;
        }
        if (fast != NOT_COMMON) {
            return fast;
        }
        try {
            if (parses(DateTimeFormatter.ISO_OFFSET_DATE_TIME, s)) {
                return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
            }
            if (parses(DateTimeFormatter.ISO_LOCAL_DATE_TIME, s)) {
                return ZonedDateTime.of(LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME), zone)
                        .toInstant();
            }
            if (parses(DateTimeFormatter.ISO_LOCAL_DATE, s)) {
                return LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE)
                        .atStartOfDay(zone)
                        .toInstant();
            }
        } catch (DateTimeException e) {
            // well-formed but impossible (resolving failed), e.g. a lower-case 't' with February 30
        }
        return null;
    }

    /** Epoch seconds or milliseconds (see the class comment); null if it has a fractional part. */
    private static Instant epoch(JsonNode node) {
        long value;
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                return Instant.MAX;
            }
            value = node.longValue();
        } else {
            BigDecimal d = JsonNumbers.decimal(node);
            if (d == null || (d.scale() > 0 && d.stripTrailingZeros().scale() > 0)) {
                return null;
            }
            if (d.compareTo(LONG_MIN) < 0 || d.compareTo(LONG_MAX) > 0) {
                return Instant.MAX;
            }
            value = d.longValue();
        }
        return value > -SECONDS_LIMIT && value < SECONDS_LIMIT
                ? Instant.ofEpochSecond(value)
                : Instant.ofEpochMilli(value);
    }

    /** Whether the formatter reads the whole text, without resolving it (and without throwing). */
    private static boolean parses(DateTimeFormatter formatter, String s) {
        ParsePosition position = new ParsePosition(0);
        return formatter.parseUnresolved(s, position) != null
                && position.getErrorIndex() < 0
                && position.getIndex() == s.length();
    }

    /**
     * Hand-rolled parser for {@code yyyy-MM-dd[THH:mm[:ss[.fffffffff]][Z|±hh:mm]]}, agreeing with java.time's
     * ISO formats: returns the instant, {@link #IMPOSSIBLE} for a date or time java.time rejects (February 30,
     * hour 24, second 60...), or {@link #NOT_COMMON} for anything else (another shape, a lower-case {@code t},
     * a non-ASCII digit, an unusual offset...), which java.time then decides.
     */
    private Instant parseCommon(String s) {
        int n = s.length();
        if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return NOT_COMMON;
        }
        int year = Iso8601.digits(s, 0, 4);
        int month = Iso8601.digits(s, 5, 2);
        int day = Iso8601.digits(s, 8, 2);
        if (year < 0 || month < 0 || day < 0) {
            return NOT_COMMON;
        }
        // The fields are fixed-width, so java.time reads these same values whatever follows, and rejects them.
        if (month < 1 || month > 12 || day < 1 || day > Iso8601.daysIn(year, month)) {
            return IMPOSSIBLE;
        }
        long epochDay = Iso8601.epochDay(year, month, day);
        if (n == 10) {
            return fixedOffsetSeconds != null
                    ? Instant.ofEpochSecond(epochDay * 86_400 - fixedOffsetSeconds)
                    : LocalDate.of(year, month, day).atStartOfDay(zone).toInstant();
        }
        if (n < 16 || s.charAt(10) != 'T' || s.charAt(13) != ':') {
            return NOT_COMMON;
        }
        int hour = Iso8601.digits(s, 11, 2);
        int minute = Iso8601.digits(s, 14, 2);
        if (hour < 0 || minute < 0) {
            return NOT_COMMON;
        }
        if (hour > 23 || minute > 59) {
            return IMPOSSIBLE;
        }
        int second = 0;
        int nano = 0;
        int i = 16;
        if (i < n && s.charAt(i) == ':') {
            second = i + 3 <= n ? Iso8601.digits(s, i + 1, 2) : -1;
            if (second < 0) {
                return NOT_COMMON;
            }
            if (second > 59) {
                return IMPOSSIBLE;
            }
            i += 3;
            if (i < n && s.charAt(i) == '.') {
                int start = ++i;
                while (i < n && i - start < 10) {
                    char c = s.charAt(i);
                    if (c < '0' || c > '9') {
                        break;
                    }
                    nano = nano * 10 + (c - '0');
                    i++;
                }
                int count = i - start;
                if (count == 0 || count > 9) {
                    return NOT_COMMON;
                }
                nano *= NANO_SCALE[count];
            }
        }
        long localSecond = epochDay * 86_400 + hour * 3_600 + minute * 60 + second;
        if (i == n) {
            if (fixedOffsetSeconds != null) {
                return Instant.ofEpochSecond(localSecond - fixedOffsetSeconds, nano);
            }
            return ZonedDateTime.of(LocalDateTime.of(year, month, day, hour, minute, second, nano), zone)
                    .toInstant();
        }
        char sign = s.charAt(i);
        if (sign == 'Z' && i + 1 == n) {
            return Instant.ofEpochSecond(localSecond, nano);
        }
        if ((sign != '+' && sign != '-') || i + 6 != n || s.charAt(i + 3) != ':') {
            return NOT_COMMON;
        }
        int offsetHours = Iso8601.digits(s, i + 1, 2);
        int offsetMinutes = Iso8601.digits(s, i + 4, 2);
        if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > 18 * 60) {
            return NOT_COMMON;
        }
        int offset = offsetHours * 3_600 + offsetMinutes * 60;
        return Instant.ofEpochSecond(localSecond - (sign == '-' ? -offset : offset), nano);
    }
}

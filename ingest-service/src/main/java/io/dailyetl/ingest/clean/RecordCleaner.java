package io.dailyetl.ingest.clean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dailyetl.ingest.SourceJson;

import io.dailyetl.contract.Amounts;
import io.dailyetl.common.JsonLimits;

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
import java.util.Locale;
import java.util.Map;

/**
 * Turns one raw source record into a {@link Cleaned.Clean} record or a {@link Cleaned.Rejected} reason, following
 * design 3.2 and the bounds the warehouse enforces (so one bad record never makes the warehouse refuse a batch).
 *
 * <p>Fields are checked in the order id, user_id, amount, status, created_at, attributes, and the first failure is
 * reported as {@code <source field>: <what is wrong>}. Every field other than the five mapped ones is carried,
 * unchanged, into {@code attributes}; the input node is never modified.
 *
 * <p>{@code created_at} may be:
 * <ul>
 *   <li>an ISO-8601 date-time with {@code Z} or an offset ({@code 2026-11-19T12:00:00+02:00}), exactly as
 *       {@link DateTimeFormatter#ISO_OFFSET_DATE_TIME} accepts it;</li>
 *   <li>an ISO local date-time ({@code 2026-11-19T10:00:00}, {@code 2026-11-19T10:00}) or date ({@code 2026-11-19},
 *       meaning the start of that day), read in {@link CleaningRules#zone()} with java.time's default resolution of
 *       DST gaps (moved forward by the gap) and overlaps (the earlier offset);</li>
 *   <li>a JSON number counting from the epoch. The unit is guessed from the magnitude: an integral value whose
 *       absolute value is below 100,000,000,000 is epoch <em>seconds</em> (up to the year 5138), anything larger is
 *       epoch <em>milliseconds</em> (from March 1973 on; earlier millisecond values would be misread as seconds).
 *       Numbers with a non-zero fractional part ({@code 1763546400.5}) are rejected; {@code 1763546400.0} is
 *       integral.</li>
 * </ul>
 * The instant must fall in the years 1 to 9999 (UTC).
 *
 * <p>Thread-safe, with no state kept between records. Valid records cost no exception: the common timestamp shape
 * is parsed by hand (agreeing with java.time on every text, impossible dates included), and anything else goes to
 * java.time's ISO formatters, which decide.
 */
public final class RecordCleaner {

    /** Longest id, user id or status the warehouse stores (in UTF-16 units, as the warehouse counts them). */
    static final int MAX_TEXT = 256;
    private static final int MAX_SHOWN = 64;
    /** Longer numeric strings are not handed to BigDecimal (whose parsing is quadratic); Jackson's own limit. */
    private static final int MAX_NUMBER_TEXT = 1000;
    private static final long SECONDS_LIMIT = 100_000_000_000L;
    /** 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z. */
    private static final long MIN_EPOCH_SECOND = -62_135_596_800L;
    private static final long END_EPOCH_SECOND = 253_402_300_800L;
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final long DAYS_0000_TO_1970 = 719_528L;
    private static final String OVERLONG = "0".repeat(MAX_TEXT + 1);
    private static final int[] NANO_SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    // Markers returned by the hand-rolled parser; it never produces these instants (its years are 0000-9999).
    /** The text is not in the common shape: java.time decides. */
    private static final Instant NOT_COMMON = Instant.MIN;
    /** The text is in the common shape but names an impossible date or time (java.time agrees). */
    private static final Instant IMPOSSIBLE = Instant.MAX;

    private final CleaningRules rules;
    private final ZoneId zone;
    /** The zone's offset in seconds when it never changes (UTC, fixed offsets), else null. */
    private final Integer fixedOffsetSeconds;
    private final JsonNodeFactory nodes = SourceJson.mapper().getNodeFactory();

    public RecordCleaner(CleaningRules rules) {
        this.rules = rules;
        this.zone = rules.zone();
        this.fixedOffsetSeconds = zone.getRules().isFixedOffset()
                ? zone.getRules().getOffset(Instant.EPOCH).getTotalSeconds() : null;
    }

    /** Cleans one raw record (as read by {@link SourceJson#mapper()}); never throws for any input. */
    public Cleaned clean(JsonNode raw) {
        if (raw == null || !raw.isObject()) {
            return new Cleaned.Rejected("record: not a JSON object");
        }

        String idField = rules.idField();
        JsonNode idNode = raw.get(idField);
        String id = identifier(idNode);
        String idProblem = id == null ? absentOrWrongType(idNode, "expected a string or number") : identifierProblem(id);
        if (idProblem != null) {
            return new Cleaned.Rejected(name(idField) + ": " + idProblem);
        }

        String userIdField = rules.userIdField();
        JsonNode userIdNode = raw.get(userIdField);
        String userId = identifier(userIdNode);
        String userIdProblem = userId == null
                ? absentOrWrongType(userIdNode, "expected a string or number") : identifierProblem(userId);
        if (userIdProblem != null) {
            return new Cleaned.Rejected(name(userIdField) + ": " + userIdProblem);
        }

        String amountField = rules.amountField();
        JsonNode amountNode = raw.get(amountField);
        BigDecimal amount = amount(amountNode);
        if (amount == null) {
            return new Cleaned.Rejected(name(amountField) + ": " + amountProblem(amountNode));
        }

        String statusField = rules.statusField();
        JsonNode statusNode = raw.get(statusField);
        String status = statusNode != null && statusNode.isTextual()
                ? statusNode.textValue().strip().toLowerCase(Locale.ROOT) : null;
        String statusProblem = status == null ? absentOrWrongType(statusNode, "expected a string") : textProblem(status);
        if (statusProblem != null) {
            return new Cleaned.Rejected(name(statusField) + ": " + statusProblem);
        }

        String createdAtField = rules.createdAtField();
        JsonNode createdAtNode = raw.get(createdAtField);
        if (createdAtNode == null || createdAtNode.isNull()) {
            return new Cleaned.Rejected(name(createdAtField) + ": required");
        }
        Instant createdAt = createdAt(createdAtNode);
        if (createdAt == null) {
            return new Cleaned.Rejected(name(createdAtField) + ": unparseable \"" + shown(createdAtNode) + "\"");
        }
        long second = createdAt.getEpochSecond();
        if (second < MIN_EPOCH_SECOND || second >= END_EPOCH_SECOND) {
            return new Cleaned.Rejected(name(createdAtField) + ": out of range \"" + shown(createdAtNode) + "\"");
        }

        ObjectNode attributes = nodes.objectNode();
        for (Map.Entry<String, JsonNode> field : raw.properties()) {
            String key = field.getKey();
            if (key.equals(idField) || key.equals(userIdField) || key.equals(amountField) || key.equals(statusField)
                    || key.equals(createdAtField)) {
                continue;
            }
            JsonNode value = field.getValue();
            String problem = key.indexOf('\0') >= 0 ? "contains a NUL character" : StorableJson.problem(value, 2);
            if (problem != null) {
                return new Cleaned.Rejected(name(key) + ": " + problem);
            }
            attributes.set(key, value);
        }
        return new Cleaned.Clean(id, userId, amount, status, createdAt, attributes);
    }

    // ---- id, user_id ----------------------------------------------------------------------------------------

    /**
     * A string as given, or a number as text (integral: its digits; otherwise its plain decimal form); null when
     * missing, JSON null or another type.
     */
    private static String identifier(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.asText();
        }
        if (node.isNumber()) {
            BigDecimal d = decimal(node);
            if (d == null) {
                return null;
            }
            // 1e999999999 would be a billion characters in plain form: stand in with any over-long text
            return plainLengthSurelyOver(d, MAX_TEXT) ? OVERLONG : d.toPlainString();
        }
        return null;
    }

    /** Why an id or user id is refused, or null if it is fine. */
    private static String identifierProblem(String text) {
        return text.isBlank() ? "required" : textProblem(text);
    }

    /** "required" for a missing or JSON-null field, else {@code wrongType}. */
    private static String absentOrWrongType(JsonNode node, String wrongType) {
        return node == null || node.isNull() ? "required" : wrongType;
    }

    /** Why the warehouse would refuse this text, or null if it is fine. */
    private static String textProblem(String text) {
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

    /** True when {@code d.toPlainString()} would certainly exceed {@code max} characters (without building it). */
    private static boolean plainLengthSurelyOver(BigDecimal d, int max) {
        long scale = d.scale();
        return scale > max || (d.signum() != 0 && d.precision() - scale > max);
    }

    // ---- amount ---------------------------------------------------------------------------------------------

    /**
     * The amount, or null if it is invalid ({@link #amountProblem} says why): within 15 integer digits and 6
     * decimal places, written with a sane exponent, and in a form whose plain text is short.
     */
    private static BigDecimal amount(JsonNode node) {
        BigDecimal value;
        if (node == null || node.isNull()) {
            return BigDecimal.ZERO;
        } else if (node.isNumber()) {
            value = decimal(node);
        } else if (node.isTextual()) {
            value = parseDecimal(node.textValue().strip());
        } else {
            return null;
        }
        return value == null || Amounts.problem(value) != null ? null : Amounts.normalized(value);
    }

    private static String amountProblem(JsonNode node) {
        if (node.isNumber()) {
            return decimal(node) == null ? "not a number \"" + shown(node) + "\"" : "out of range \"" + shown(node) + "\"";
        }
        if (node.isTextual()) {
            String text = node.textValue().strip();
            boolean number = text.length() > MAX_NUMBER_TEXT ? looksNumeric(text) : parseDecimal(text) != null;
            return (number ? "out of range \"" : "not a number \"") + shown(node) + "\"";
        }
        return "expected a number or numeric string";
    }

    private static BigDecimal parseDecimal(String text) {
        if (text.isEmpty() || text.length() > MAX_NUMBER_TEXT) {
            return null;
        }
        char first = text.charAt(0);
        if (first != '+' && first != '-' && first != '.' && (first < '0' || first > '9')) {
            return null; // not a number, and no exception needed to know it
        }
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean looksNumeric(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && c != '.' && c != '+' && c != '-' && c != 'e' && c != 'E') {
                return false;
            }
        }
        return true;
    }

    /** The exact value of a JSON number, or null for a non-finite binary float (not produced by SourceJson). */
    static BigDecimal decimal(JsonNode node) {
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            return null;
        }
        return node.decimalValue();
    }

    // ---- created_at -----------------------------------------------------------------------------------------

    /** The instant (not yet checked against the years 1-9999), or null if unparseable. */
    private Instant createdAt(JsonNode node) {
        if (node.isTextual()) {
            return parseTimestamp(node.textValue());
        }
        if (node.isNumber()) {
            return epoch(node);
        }
        return null;
    }

    /**
     * Epoch seconds or milliseconds (see the class comment); null if it has a fractional part, {@link Instant#MAX}
     * (out of range) beyond a long.
     */
    private static Instant epoch(JsonNode node) {
        long value;
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                return Instant.MAX;
            }
            value = node.longValue();
        } else {
            BigDecimal d = decimal(node);
            if (d == null || (d.scale() > 0 && d.stripTrailingZeros().scale() > 0)) {
                return null;
            }
            if (d.compareTo(LONG_MIN) < 0 || d.compareTo(LONG_MAX) > 0) {
                return Instant.MAX;
            }
            value = d.longValue();
        }
        return value > -SECONDS_LIMIT && value < SECONDS_LIMIT ? Instant.ofEpochSecond(value) : Instant.ofEpochMilli(value);
    }

    /** The instant a timestamp string names, or null if java.time's ISO formats do not accept it. */
    private Instant parseTimestamp(String s) {
        Instant fast = parseCommon(s);
        if (fast == IMPOSSIBLE) {
            return null;
        }
        if (fast != NOT_COMMON) {
            return fast;
        }
        try {
            if (parses(DateTimeFormatter.ISO_OFFSET_DATE_TIME, s)) {
                return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            }
            if (parses(DateTimeFormatter.ISO_LOCAL_DATE_TIME, s)) {
                return ZonedDateTime.of(LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME), zone).toInstant();
            }
            if (parses(DateTimeFormatter.ISO_LOCAL_DATE, s)) {
                return LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(zone).toInstant();
            }
        } catch (DateTimeException e) {
            // well-formed but impossible (resolving failed), e.g. a lower-case 't' with February 30
        }
        return null;
    }

    /** Whether the formatter reads the whole text, without resolving it (and without throwing). */
    private static boolean parses(DateTimeFormatter formatter, String s) {
        ParsePosition position = new ParsePosition(0);
        return formatter.parseUnresolved(s, position) != null && position.getErrorIndex() < 0
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
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        if (year < 0 || month < 0 || day < 0) {
            return NOT_COMMON;
        }
        // The fields are fixed-width, so java.time reads these same values whatever follows, and rejects them.
        if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) {
            return IMPOSSIBLE;
        }
        long epochDay = epochDay(year, month, day);
        if (n == 10) {
            return fixedOffsetSeconds != null
                    ? Instant.ofEpochSecond(epochDay * 86_400 - fixedOffsetSeconds)
                    : LocalDate.of(year, month, day).atStartOfDay(zone).toInstant();
        }
        if (n < 16 || s.charAt(10) != 'T' || s.charAt(13) != ':') {
            return NOT_COMMON;
        }
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
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
            second = i + 3 <= n ? digits(s, i + 1, 2) : -1;
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
            return ZonedDateTime.of(LocalDateTime.of(year, month, day, hour, minute, second, nano), zone).toInstant();
        }
        char sign = s.charAt(i);
        if (sign == 'Z' && i + 1 == n) {
            return Instant.ofEpochSecond(localSecond, nano);
        }
        if ((sign != '+' && sign != '-') || i + 6 != n || s.charAt(i + 3) != ':') {
            return NOT_COMMON;
        }
        int offsetHours = digits(s, i + 1, 2);
        int offsetMinutes = digits(s, i + 4, 2);
        if (offsetHours < 0 || offsetMinutes < 0 || offsetMinutes > 59 || offsetHours * 60 + offsetMinutes > 18 * 60) {
            return NOT_COMMON;
        }
        int offset = offsetHours * 3_600 + offsetMinutes * 60;
        return Instant.ofEpochSecond(localSecond - (sign == '-' ? -offset : offset), nano);
    }

    /** The ASCII digits at {@code from} as a number, or -1 if any is not one (java.time reads only ASCII digits). */
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
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    private static boolean isLeap(int year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    /** Days from 1970-01-01 to a valid date of a year 0-9999 (as {@link LocalDate#toEpochDay()}). */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        total += (367 * month - 362) / 12 + day - 1;
        if (month > 2) {
            total -= isLeap(year) ? 1 : 2;
        }
        return total - DAYS_0000_TO_1970;
    }

    // ---- attributes and reasons -----------------------------------------------------------------------------

    /** A field name fit for a reason: at most 64 characters shown, NUL written as {@code \u0000}. */
    private static String name(String field) {
        return printable(field);
    }

    /** A value as text for a reason (a string as given, anything else as JSON), shortened and NUL-free. */
    private static String shown(JsonNode node) {
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

package io.dailyetl.demo.data;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * Generates the source's records from a seed, renders each one's JSON once, and keeps the truth about it.
 *
 * <p>Records come in a fixed order; every draw comes from one {@link SplittableRandom}, so the same settings give
 * byte-identical data. The mix (fractions are of all records):
 * <ul>
 *   <li><b>rejects, 2 %</b>: exactly one at a random position in every block of {@value #REJECT_BLOCK} records,
 *       cycling through {@link Reject} (amount {@code "12,50"}, {@code "abc"}, {@code true}; missing status;
 *       created_at {@code "2026-02-30T12:00:00Z"}, {@code "not-a-date"}; missing id; blank id). The first round
 *       uses exactly those values, later rounds variants of them. A third of the rejects that have an id reuse the id
 *       of an earlier clean record: they must change nothing (rejects take no part in duplicates).</li>
 *   <li><b>duplicates, 5 %</b>: one in every block of {@value #DUPLICATE_BLOCK} records repeats the id of an
 *       earlier clean record (same user and instant, possibly written another way) with a changed amount, and
 *       status {@code refunded} in 30 % of them; the later copy wins.</li>
 *   <li><b>special user ids, 4 %</b>: one new record in every block of {@value #SPECIAL_USER_BLOCK} gets the next of
 *       {@link #SPECIAL_USERS} (numeric ones, spreadsheet formulas, a comma, a quote, non-ASCII); the others get
 *       {@code u0 … u<users-1>}. Numeric-looking user ids are written as JSON numbers half the time.</li>
 *   <li><b>window edges, 1 %</b>: one new clean record in every block of {@value #EDGE_BLOCK} gets the next of: the
 *       week's first instant, its last second, the instant the week ends, the second before it starts, noon of the
 *       day before, noon of the day after. Every other instant lies inside the week.</li>
 *   <li>ids: {@code "tx-<k>"} (90 %), numbers {@code 1000000000+k} (8 %, written as strings in some later copies)
 *       and numbers beyond 2^53 (2 %, not exact as a double);</li>
 *   <li>amounts: JSON numbers {@code 12.50} (30 %), {@code 12.5}/{@code 12} (15 %), strings {@code "12.50"} (45 %),
 *       null (5 %), missing (5 %); mostly 0.01..500.00, some 0, some 1,000..99,999.99;</li>
 *   <li>status: active 80 % (written {@code active}, {@code " Active "}, {@code ACTIVE} or {@code Active}), pending
 *       8 %, refunded 12 %;</li>
 *   <li>created_at: ISO instants with {@code Z} (35 %, some with milliseconds), {@code +02:00} and {@code -05:00}
 *       offsets (10 % each), ISO local date-times (10 %) and dates (7 %, at midnight), epoch seconds (14 %) and epoch
 *       milliseconds (14 %) as numbers;</li>
 *   <li>extra fields for {@code attributes}: {@code channel}, usually {@code meta: {device, tags: […]}}, sometimes a
 *       {@code note} with quotes and non-ASCII text.</li>
 * </ul>
 */
final class Generator {

    /** Fields besides the five mapped ones that a record may carry (they go to attributes). */
    static final java.util.Set<String> EXTRA_FIELDS = java.util.Set.of("channel", "meta", "note", "score", "path");

    static final int REJECT_BLOCK = 50;
    static final int DUPLICATE_BLOCK = 20;
    static final int SPECIAL_USER_BLOCK = 25;
    static final int EDGE_BLOCK = 100;

    /** User ids that real data has and that must survive every step (and be neutralised in CSV). */
    static final String[] SPECIAL_USERS = {
        "4711", "=HYPERLINK(\"http://x\")", "90210", "+1", "@cmd", "-2", "Smith, John", "O\"Brien", "7", "zoë"
    };

    static final byte ACTIVE = 0;
    static final byte PENDING = 1;
    static final byte REFUNDED = 2;
    static final String[] STATUSES = {"active", "pending", "refunded"};

    static final byte STRING_ID = 0;
    static final byte NUMBER_ID = 1;
    static final byte BIG_NUMBER_ID = 2;
    static final long NUMBER_ID_BASE = 1_000_000_000L;
    /** 2^53 + 1: the first integer a double cannot hold. */
    static final long BIG_NUMBER_ID_BASE = 9_007_199_254_740_993L;

    /**
     * The ways of being dirty that ingest must reject (docs/records.md), in the order they take turns; the last five are
     * hostile: values that once cost the warehouse CPU or a database error, or made a page unreadable.
     */
    enum Reject {
        AMOUNT_DECIMAL_COMMA,
        AMOUNT_TEXT,
        AMOUNT_BOOLEAN,
        STATUS_MISSING,
        DATE_IMPOSSIBLE,
        DATE_UNPARSEABLE,
        ID_MISSING,
        ID_BLANK,
        AMOUNT_HUGE_EXPONENT,
        AMOUNT_ABSURD_ZERO,
        ATTRIBUTE_BEYOND_JSONB,
        ATTRIBUTE_TOO_DEEP,
        AMOUNT_EXPONENT_OVERFLOW
    }

    /** Forty levels of nested arrays: deeper than the 32 the warehouse stores. */
    private static final String TOO_DEEP = "[".repeat(40) + "]".repeat(40);

    private enum TimeFormat {
        UTC,
        PLUS_TWO,
        MINUS_FIVE,
        LOCAL_DATE_TIME,
        LOCAL_DATE,
        EPOCH_SECONDS,
        EPOCH_MILLIS
    }

    private enum AmountForm {
        NUMBER,
        SHORT_NUMBER,
        STRING,
        NULL,
        MISSING
    }

    private static final Reject[] REJECTS = Reject.values();
    private static final TimeFormat[] TIME_FORMATS = TimeFormat.values();
    private static final int[] TIME_WEIGHTS = {35, 10, 10, 10, 7, 14, 14};
    private static final ZoneOffset PLUS_TWO = ZoneOffset.ofHours(2);
    private static final ZoneOffset MINUS_FIVE = ZoneOffset.ofHours(-5);
    private static final long DAY_MS = 86_400_000L;
    private static final int WEEK_SECONDS = 7 * 86_400;
    private static final Pattern JSON_INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,14})");
    private static final String[] ACTIVE_SPELLINGS = {" Active ", "ACTIVE", "Active"};
    private static final String[] CHANNELS = {"web", "ios", "android", "pos"};
    private static final String[] DEVICES = {"iPhone 15", "Pixel 8", "Firefox 132", "POS-7"};
    private static final String[] TAGS = {"promo", "first-order", "gift", "vip"};
    private static final String NOTE = "paid with \"café\" voucher — ok";

    private final Dataset.Settings settings;
    private final Dataset.FieldNames names;
    private final int n;
    private final SplittableRandom random;
    private final JsonBytes out = new JsonBytes();
    private final long[] offsets;
    private final long weekStartMs;
    private final long[] edges;
    private final String[] users;
    private final boolean[] numericUser;

    // per record
    private final BitSet rejected;
    private final int[] keyOf;
    private final int[] centsOf;
    private final byte[] statusOf;

    // per id key k (ids are numbered in order of first appearance)
    private int keys;
    private final byte[] styleOfKey;
    private final int[] userOfKey;
    private final long[] millisOfKey;
    private final byte[] statusOfKey;
    private final int[] lastCentsOfKey;
    private final int[] lastCleanOfKey;
    private final int[] cleanKeys;
    private int cleanKeyCount;
    /** Each record's instant (for a reject, the one its date would have had), when asked for; else null. */
    private final long[] millisOfRow;

    private int rejectTurn;
    private int specialTurn;
    private int edgeTurn;
    private int specialDue;
    private int edgeDue;

    // the record being rendered
    private int idMode; // 0 normal, 1 missing, 2 blank
    private String blankId;
    private int key;
    private boolean idAsText;
    private int user;
    private AmountForm amountForm;
    private String amountText; // overrides amountForm when set (dirty amounts)
    private boolean amountBoolean;
    private String amountNumber; // overrides amountForm when set: a JSON number written as is (hostile amounts)
    private String hostileField; // an extra field's name and raw JSON value (hostile attributes), or null
    private String hostileValue;
    private int cents;
    private String statusText;
    private TimeFormat timeFormat;
    private String timeText; // overrides timeFormat when set (dirty dates)
    private long millis;

    Generator(Dataset.Settings settings) {
        this(settings, false);
    }

    /** With {@code rowTimes}, also keeps each record's instant (8 bytes a record; the changing world needs them). */
    Generator(Dataset.Settings settings, boolean rowTimes) {
        this.settings = settings;
        this.names = settings.names();
        this.n = settings.records();
        this.random = new SplittableRandom(settings.seed());
        this.offsets = new long[n + 1];
        this.weekStartMs =
                settings.weekStart().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long weekEndMs = weekStartMs + 7 * DAY_MS;
        this.edges = new long[] {
            weekStartMs,
            weekEndMs - 1000,
            weekEndMs,
            weekStartMs - 1000,
            weekStartMs - DAY_MS / 2,
            weekEndMs + DAY_MS / 2
        };
        this.users = new String[settings.users() + SPECIAL_USERS.length];
        this.numericUser = new boolean[users.length];
        for (int u = 0; u < settings.users(); u++) {
            users[u] = "u" + u;
        }
        System.arraycopy(SPECIAL_USERS, 0, users, settings.users(), SPECIAL_USERS.length);
        for (int u = 0; u < users.length; u++) {
            numericUser[u] = JSON_INTEGER.matcher(users[u]).matches();
        }
        this.rejected = new BitSet(n);
        this.keyOf = new int[n];
        this.centsOf = new int[n];
        this.statusOf = new byte[n];
        this.styleOfKey = new byte[n];
        this.userOfKey = new int[n];
        this.millisOfKey = new long[n];
        this.statusOfKey = new byte[n];
        this.lastCentsOfKey = new int[n];
        this.lastCleanOfKey = new int[n];
        this.cleanKeys = new int[n];
        this.millisOfRow = rowTimes ? new long[n] : null;
    }

    Dataset generate() {
        int rejectAt = -1;
        int duplicateAt = -1;
        int specialAt = -1;
        int edgeAt = -1;
        int rejectDue = 0;
        int duplicateDue = 0;
        for (int r = 0; r < n; r++) {
            if (r % REJECT_BLOCK == 0) {
                rejectAt = r + random.nextInt(REJECT_BLOCK);
            }
            if (r % DUPLICATE_BLOCK == 0) {
                duplicateAt = r + random.nextInt(DUPLICATE_BLOCK);
            }
            if (r % SPECIAL_USER_BLOCK == 0) {
                specialAt = r + random.nextInt(SPECIAL_USER_BLOCK);
            }
            if (r % EDGE_BLOCK == 0) {
                edgeAt = r + random.nextInt(EDGE_BLOCK);
            }
            rejectDue += r == rejectAt ? 1 : 0;
            duplicateDue += r == duplicateAt ? 1 : 0;
            specialDue += r == specialAt ? 1 : 0;
            edgeDue += r == edgeAt ? 1 : 0;

            offsets[r] = out.size();
            if (rejectDue > 0) {
                rejectDue--;
                reject(r);
            } else if (duplicateDue > 0 && cleanKeyCount > 0) {
                duplicateDue--;
                duplicate(r);
            } else {
                fresh(r);
            }
            render();
            out.write(',');
            if (millisOfRow != null) {
                millisOfRow[r] = millis;
            }
        }
        offsets[n] = out.size();
        return new Dataset(
                settings,
                out,
                offsets,
                users,
                rejected,
                keyOf,
                centsOf,
                statusOf,
                keys,
                Arrays.copyOf(styleOfKey, keys),
                Arrays.copyOf(userOfKey, keys),
                Arrays.copyOf(millisOfKey, keys),
                Arrays.copyOf(lastCleanOfKey, keys),
                millisOfRow);
    }

    // ---- the three kinds of record ---------------------------------------------------------------------------

    /** A record with a new id that ingest must accept. */
    private void fresh(int r) {
        reset();
        key = newKey();
        user = pickUser();
        byte status = pickStatus();
        statusText = spelling(status);
        timeFormat = pickTimeFormat();
        millis = pickInstant(timeFormat, true);
        int amount = pickAmount();

        keyOf[r] = key;
        centsOf[r] = amount;
        statusOf[r] = status;
        userOfKey[key] = user;
        millisOfKey[key] = millis;
        statusOfKey[key] = status;
        lastCentsOfKey[key] = amount;
        lastCleanOfKey[key] = r;
        cleanKeys[cleanKeyCount++] = key;
    }

    /** A later copy of an earlier clean record: same user and instant, another amount, maybe refunded. */
    private void duplicate(int r) {
        reset();
        key = cleanKeys[random.nextInt(cleanKeyCount)];
        idAsText = styleOfKey[key] != STRING_ID && random.nextBoolean();
        user = userOfKey[key];
        byte status = random.nextInt(100) < 30 ? REFUNDED : statusOfKey[key];
        statusText = spelling(status);
        millis = millisOfKey[key];
        timeFormat = compatible(pickTimeFormat(), millis);
        int amount = pickAmount();
        if (amount == lastCentsOfKey[key]) {
            cents = amount % 50_000 + 1;
            amount = cents;
            amountForm = AmountForm.STRING;
        }

        keyOf[r] = key;
        centsOf[r] = amount;
        statusOf[r] = status;
        lastCentsOfKey[key] = amount;
        lastCleanOfKey[key] = r;
    }

    /** A record ingest must reject; it changes nothing, even when it reuses the id of a clean record. */
    private void reject(int r) {
        reset();
        Reject kind = REJECTS[rejectTurn % REJECTS.length];
        boolean canonical = rejectTurn < REJECTS.length;
        rejectTurn++;
        boolean reuse = cleanKeyCount > 0 && random.nextInt(3) == 0;
        key = reuse ? cleanKeys[random.nextInt(cleanKeyCount)] : -1;
        if (kind == Reject.ID_MISSING) {
            idMode = 1;
            key = -1;
        } else if (kind == Reject.ID_BLANK) {
            idMode = 2;
            blankId = canonical ? "" : "   ";
            key = -1;
        } else if (key < 0) {
            key = newKey();
        }
        user = reuse && key >= 0 ? userOfKey[key] : pickUser();
        statusText = spelling(pickStatus());
        timeFormat = pickTimeFormat();
        millis = reuse && key >= 0 ? millisOfKey[key] : pickInstant(timeFormat, false);
        timeFormat = compatible(timeFormat, millis);
        pickAmount();
        switch (kind) {
            case AMOUNT_DECIMAL_COMMA ->
                amountText = canonical ? "12,50" : money(Math.max(cents, 1)).replace('.', ',');
            case AMOUNT_TEXT -> amountText = canonical ? "abc" : "n/a";
            case AMOUNT_BOOLEAN -> amountBoolean = true;
            case AMOUNT_HUGE_EXPONENT -> amountText = "1e999999999";
            case AMOUNT_EXPONENT_OVERFLOW -> amountNumber = "1e2147483648";
            case AMOUNT_ABSURD_ZERO -> amountText = "-0e-99999999";
            case ATTRIBUTE_BEYOND_JSONB -> {
                hostileField = "score";
                hostileValue = canonical ? "1e999999" : "1e-20000";
            }
            case ATTRIBUTE_TOO_DEEP -> {
                hostileField = "path";
                hostileValue = TOO_DEEP;
            }
            case STATUS_MISSING -> statusText = null;
            case DATE_IMPOSSIBLE -> timeText = canonical ? "2026-02-30T12:00:00Z" : "2026-11-31T08:00:00+02:00";
            case DATE_UNPARSEABLE -> timeText = canonical ? "not-a-date" : "19/11/2026 10:00";
            case ID_MISSING, ID_BLANK -> {}
        }
        rejected.set(r);
        keyOf[r] = key;
        statusOf[r] = -1;
    }

    private void reset() {
        idMode = 0;
        blankId = null;
        idAsText = false;
        amountText = null;
        amountBoolean = false;
        amountNumber = null;
        hostileField = null;
        hostileValue = null;
        timeText = null;
    }

    // ---- choices --------------------------------------------------------------------------------------------

    private int newKey() {
        int k = keys++;
        int roll = random.nextInt(100);
        styleOfKey[k] = roll < 8 ? NUMBER_ID : roll < 10 ? BIG_NUMBER_ID : STRING_ID;
        lastCleanOfKey[k] = -1;
        return k;
    }

    private int pickUser() {
        if (specialDue > 0) {
            specialDue--;
            return settings.users() + specialTurn++ % SPECIAL_USERS.length;
        }
        return random.nextInt(settings.users());
    }

    private byte pickStatus() {
        int roll = random.nextInt(100);
        return roll < 80 ? ACTIVE : roll < 88 ? PENDING : REFUNDED;
    }

    private String spelling(byte status) {
        int roll = random.nextInt(100);
        return switch (status) {
            case ACTIVE -> roll < 70 ? "active" : ACTIVE_SPELLINGS[roll % 3];
            case PENDING -> "pending";
            default -> roll < 90 ? "refunded" : "Refunded";
        };
    }

    /** Sets the amount's form and value and returns what it means in cents (0 for null or missing). */
    private int pickAmount() {
        int roll = random.nextInt(100);
        amountForm = roll < 30
                ? AmountForm.NUMBER
                : roll < 45
                        ? AmountForm.SHORT_NUMBER
                        : roll < 90 ? AmountForm.STRING : roll < 95 ? AmountForm.NULL : AmountForm.MISSING;
        int size = random.nextInt(100);
        cents = size < 1 ? 0 : size < 3 ? 100_000 + random.nextInt(9_900_000) : 1 + random.nextInt(50_000);
        return amountForm == AmountForm.NULL || amountForm == AmountForm.MISSING ? 0 : cents;
    }

    private TimeFormat pickTimeFormat() {
        int roll = random.nextInt(100);
        for (int i = 0; i < TIME_WEIGHTS.length; i++) {
            roll -= TIME_WEIGHTS[i];
            if (roll < 0) {
                return TIME_FORMATS[i];
            }
        }
        return TimeFormat.UTC;
    }

    /** An instant inside the week (or, for a due edge record, at or just outside its edges) that the format can show. */
    private long pickInstant(TimeFormat format, boolean mayBeEdge) {
        long ms;
        boolean edge = mayBeEdge && edgeDue > 0;
        if (edge) {
            edgeDue--;
            ms = edges[edgeTurn++ % edges.length];
        } else {
            ms = weekStartMs + random.nextInt(WEEK_SECONDS) * 1000L;
        }
        int fraction = random.nextInt(1000);
        if (format == TimeFormat.LOCAL_DATE) {
            ms = Math.floorDiv(ms, DAY_MS) * DAY_MS;
        } else if (!edge && (format == TimeFormat.EPOCH_MILLIS || (format == TimeFormat.UTC && fraction % 10 == 0))) {
            ms += fraction;
        }
        return ms;
    }

    /** The format, or one that can write this instant exactly. */
    private static TimeFormat compatible(TimeFormat format, long ms) {
        if (format == TimeFormat.LOCAL_DATE && Math.floorMod(ms, DAY_MS) != 0) {
            return TimeFormat.UTC;
        }
        if (format == TimeFormat.EPOCH_SECONDS && Math.floorMod(ms, 1000L) != 0) {
            return TimeFormat.EPOCH_MILLIS;
        }
        return format;
    }

    // ---- rendering ------------------------------------------------------------------------------------------

    private void render() {
        out.write('{');
        boolean first = true;
        if (idMode == 0) {
            field(names.id(), first);
            first = false;
            byte style = styleOfKey[key];
            if (style == STRING_ID) {
                out.string("tx-" + key);
            } else if (idAsText) {
                out.string(idText(style, key));
            } else {
                out.ascii(idText(style, key));
            }
        } else if (idMode == 2) {
            field(names.id(), first);
            first = false;
            out.string(blankId);
        }

        field(names.userId(), first);
        if (numericUser[user] && (random.nextInt(2) == 0)) {
            out.ascii(users[user]);
        } else {
            out.string(users[user]);
        }

        if (amountText != null) {
            field(names.amount(), false);
            out.string(amountText);
        } else if (amountNumber != null) {
            field(names.amount(), false);
            out.ascii(amountNumber);
        } else if (amountBoolean) {
            field(names.amount(), false);
            out.ascii("true");
        } else if (amountForm != AmountForm.MISSING) {
            field(names.amount(), false);
            switch (amountForm) {
                case NUMBER -> out.ascii(money(cents));
                case SHORT_NUMBER -> out.ascii(shortMoney(cents));
                case STRING -> out.string(money(cents));
                default -> out.ascii("null");
            }
        }

        if (statusText != null) {
            field(names.status(), false);
            out.string(statusText);
        }

        field(names.createdAt(), false);
        if (timeText != null) {
            out.string(timeText);
        } else {
            Instant instant = Instant.ofEpochMilli(millis);
            switch (timeFormat) {
                case UTC -> out.string(instant.toString());
                case PLUS_TWO ->
                    out.string(
                            OffsetDateTime.ofInstant(instant, PLUS_TWO).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
                case MINUS_FIVE ->
                    out.string(OffsetDateTime.ofInstant(instant, MINUS_FIVE)
                            .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
                case LOCAL_DATE_TIME ->
                    out.string(LocalDateTime.ofInstant(instant, ZoneOffset.UTC).toString());
                case LOCAL_DATE ->
                    out.string(LocalDate.ofInstant(instant, ZoneOffset.UTC).toString());
                case EPOCH_SECONDS -> out.number(millis / 1000);
                case EPOCH_MILLIS -> out.number(millis);
            }
        }

        if (hostileField != null) {
            field(hostileField, false);
            out.ascii(hostileValue);
        }
        field("channel", false);
        out.string(CHANNELS[random.nextInt(CHANNELS.length)]);
        int extras = random.nextInt(100);
        if (extras < 85) {
            field("meta", false);
            out.ascii("{\"device\":");
            out.string(DEVICES[random.nextInt(DEVICES.length)]);
            out.ascii(",\"tags\":[");
            int tags = random.nextInt(3);
            int firstTag = random.nextInt(TAGS.length);
            for (int t = 0; t < tags; t++) {
                if (t > 0) {
                    out.write(',');
                }
                out.string(TAGS[(firstTag + t) % TAGS.length]);
            }
            out.ascii("]}");
        }
        if (extras >= 97) {
            field("note", false);
            out.string(NOTE);
        }
        out.write('}');
    }

    private void field(String name, boolean first) {
        if (!first) {
            out.write(',');
        }
        out.write('"');
        out.ascii(name);
        out.write('"');
        out.write(':');
    }

    static String idText(byte style, int k) {
        return switch (style) {
            case NUMBER_ID -> Long.toString(NUMBER_ID_BASE + k);
            case BIG_NUMBER_ID -> Long.toString(BIG_NUMBER_ID_BASE + k);
            default -> "tx-" + k;
        };
    }

    /** Cents as a plain decimal with 2 places: {@code 1250 → "12.50"}. */
    static String money(long cents) {
        long rest = cents % 100;
        return (cents / 100) + (rest < 10 ? ".0" : ".") + rest;
    }

    /** Cents as the shortest decimal: {@code 1250 → "12.5"}, {@code 1200 → "12"}. */
    private static String shortMoney(int cents) {
        if (cents % 100 == 0) {
            return Integer.toString(cents / 100);
        }
        return cents % 10 == 0 ? (cents / 100) + "." + (cents % 100 / 10) : money(cents);
    }
}

package io.dailyetl.demo.data;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.BitSet;
import java.util.Objects;

/**
 * The source's records, generated once from a seed: each record's JSON rendered ahead (so serving any page in any
 * style is a copy of bytes), and the truth about each one, from which the answers a correct pipeline must give are
 * computed without reading the JSON back (and so independently of ingest's cleaner).
 *
 * <p>About 160 bytes of JSON and 35 bytes of truth per record: a million records take about 200 MB (they run in
 * {@code -Xmx300m}). Immutable after {@link #generate}, and so safe to read from any thread.
 */
public final class Dataset implements Records {

    /** What the data depends on: the same settings always give byte-identical records. */
    public record Settings(long seed, int records, LocalDate weekStart, int users, FieldNames names) {

        /** Settings whose records carry the usual field names ({@link FieldNames#USUAL}). */
        public Settings(long seed, int records, LocalDate weekStart, int users) {
            this(seed, records, weekStart, users, FieldNames.USUAL);
        }

        public Settings {
            Objects.requireNonNull(weekStart, "weekStart");
            Objects.requireNonNull(names, "names");
            if (records < 0) {
                throw new IllegalArgumentException("demo.records must be >= 0, not " + records);
            }
            if (users < 1) {
                throw new IllegalArgumentException("demo.users must be >= 1, not " + users);
            }
            if (weekStart.getDayOfWeek() != DayOfWeek.MONDAY) {
                throw new IllegalArgumentException(
                        "demo.week-start must be a Monday, not " + weekStart + " (" + weekStart.getDayOfWeek() + ")");
            }
        }
    }

    /**
     * The names the five mapped fields have in the served JSON: a provider of the same kind of records often calls
     * them otherwise ({@code txn_id}, {@code customer}, …), and ingest maps them back with {@code fields.*}.
     */
    public record FieldNames(String id, String userId, String amount, String status, String createdAt) {

        /** The names of the single demo source: id, user_id, amount, status, created_at. */
        public static final FieldNames USUAL = new FieldNames("id", "user_id", "amount", "status", "created_at");

        public FieldNames {
            java.util.Set<String> distinct = new java.util.HashSet<>();
            for (String name : new String[] {id, userId, amount, status, createdAt}) {
                if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]{0,63}")) {
                    throw new IllegalArgumentException(
                            "a field name must be a letter or _ then letters, digits or _, not \"" + name + "\"");
                }
                if (!distinct.add(name) || Generator.EXTRA_FIELDS.contains(name)) {
                    throw new IllegalArgumentException("field name \"" + name + "\" is used twice in a record");
                }
            }
        }
    }

    private final Settings settings;
    private final JsonBytes json;
    /** Record i's JSON is [offsets[i], offsets[i + 1] - 1); a comma follows each record. */
    private final long[] offsets;

    private final String[] users;
    private final BitSet rejected;
    private final int[] keyOf;
    private final int[] centsOf;
    private final byte[] statusOf;
    private final int keys;
    private final byte[] styleOfKey;
    private final int[] userOfKey;
    private final long[] millisOfKey;
    private final int[] lastCleanOfKey;
    private final long[] millisOfRow;
    private final ExpectedCounts counts;

    Dataset(
            Settings settings,
            JsonBytes json,
            long[] offsets,
            String[] users,
            BitSet rejected,
            int[] keyOf,
            int[] centsOf,
            byte[] statusOf,
            int keys,
            byte[] styleOfKey,
            int[] userOfKey,
            long[] millisOfKey,
            int[] lastCleanOfKey,
            long[] millisOfRow) {
        this.settings = settings;
        this.json = json;
        this.offsets = offsets;
        this.users = users;
        this.rejected = rejected;
        this.keyOf = keyOf;
        this.centsOf = centsOf;
        this.statusOf = statusOf;
        this.keys = keys;
        this.styleOfKey = styleOfKey;
        this.userOfKey = userOfKey;
        this.millisOfKey = millisOfKey;
        this.lastCleanOfKey = lastCleanOfKey;
        this.millisOfRow = millisOfRow;
        long rejects = rejected.cardinality();
        long loaded = 0;
        for (int k = 0; k < keys; k++) {
            if (lastCleanOfKey[k] >= 0) {
                loaded++;
            }
        }
        long records = settings.records();
        this.counts = new ExpectedCounts(records, rejects, records - rejects - loaded, loaded);
    }

    /** Generates the records of these settings (deterministic; one to two seconds per million records). */
    public static Dataset generate(Settings settings) {
        return new Generator(settings).generate();
    }

    /** Like {@link #generate}, also keeping each record's instant, which the changing world needs. */
    static Dataset generateWithRowTimes(Settings settings) {
        return new Generator(settings, true).generate();
    }

    public Settings settings() {
        return settings;
    }

    /** Records served (rejects and duplicates included). */
    @Override
    public int size() {
        return settings.records();
    }

    /** Bytes of JSON of all records. */
    public long jsonBytes() {
        return offsets[offsets.length - 1];
    }

    @Override
    public byte[] body(byte[] prefix, long from, long to, byte[] suffix) {
        int n = size();
        int first = (int) Math.max(0, Math.min(from, n));
        int end = (int) Math.max(first, Math.min(to, n));
        long start = offsets[first];
        int length = end > first ? (int) (offsets[end] - 1 - start) : 0;
        byte[] body = new byte[prefix.length + length + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        json.copy(start, body, prefix.length, length);
        System.arraycopy(suffix, 0, body, prefix.length + length, suffix.length);
        return body;
    }

    /** Record {@code index}'s JSON as served. */
    public String json(int index) {
        return new String(body(new byte[0], index, index + 1L, new byte[0]), StandardCharsets.UTF_8);
    }

    /** What record {@code index} means (see {@link Truth}). */
    public Truth truth(int index) {
        Objects.checkIndex(index, size());
        if (rejected.get(index)) {
            return Truth.REJECTED;
        }
        int k = keyOf[index];
        return new Truth(
                false,
                Generator.idText(styleOfKey[k], k),
                users[userOfKey[k]],
                BigDecimal.valueOf(centsOf[index], 2),
                Generator.STATUSES[statusOf[index]],
                Instant.ofEpochMilli(millisOfKey[k]));
    }

    /** What a correct run over all records reports. */
    public ExpectedCounts expectedCounts() {
        return counts;
    }

    /**
     * The spend per user a correct pipeline answers: the last clean occurrence of each id, with this status
     * (trimmed, lower-cased), created in {@code [from, to)} at {@code zone}'s midnights.
     */
    public UserSpend userSpend(LocalDate from, LocalDate to, String status, ZoneId zone) {
        return Latest.userSpend(latest(), from, to, status, zone);
    }

    /** What a correct snapshot holds after a run over all records. */
    public SourceState state() {
        return Latest.state(latest(), null, null);
    }

    /** The last clean occurrence of each id. */
    Latest latest() {
        return new Latest() {
            @Override
            public String[] users() {
                return users;
            }

            @Override
            public int keys() {
                return keys;
            }

            @Override
            public int row(int k) {
                return lastCleanOfKey[k];
            }

            @Override
            public int user(int k) {
                return userOfKey[k];
            }

            @Override
            public long createdMillis(int k) {
                return millisOfKey[k];
            }

            @Override
            public int cents(int row) {
                return centsOf[row];
            }

            @Override
            public int status(int row) {
                return statusOf[row];
            }
        };
    }

    // ---- for the changing world (package-private) -----------------------------------------------------------

    boolean rejected(int row) {
        return rejected.get(row);
    }

    /** The id (key) of record {@code row}; -1 for a reject without one. */
    int key(int row) {
        return keyOf[row];
    }

    byte styleOfKey(int k) {
        return styleOfKey[k];
    }

    /** Record {@code row}'s instant (for a reject, the one its date would have had); needs {@link #generateWithRowTimes}. */
    long millis(int row) {
        return millisOfRow[row];
    }
}

package io.dailyetl.demo.data;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The source's records, generated once from a seed: each record's JSON rendered ahead (so serving any page in any
 * style is a copy of bytes), and the truth about each one, from which the answers a correct pipeline must give are
 * computed without reading the JSON back (and so independently of ingest's cleaner).
 *
 * <p>About 160 bytes of JSON and 35 bytes of truth per record: a million records take about 200 MB (they run in
 * {@code -Xmx300m}). Immutable after {@link #generate}, and so safe to read from any thread.
 */
public final class Dataset {

    /** What the data depends on: the same settings always give byte-identical records. */
    public record Settings(long seed, int records, LocalDate weekStart, int users) {

        public Settings {
            Objects.requireNonNull(weekStart, "weekStart");
            if (records < 0) {
                throw new IllegalArgumentException("demo.records must be >= 0, not " + records);
            }
            if (users < 1) {
                throw new IllegalArgumentException("demo.users must be >= 1, not " + users);
            }
            if (weekStart.getDayOfWeek() != DayOfWeek.MONDAY) {
                throw new IllegalArgumentException("demo.week-start must be a Monday, not " + weekStart + " ("
                        + weekStart.getDayOfWeek() + ")");
            }
        }
    }

    private static final Comparator<byte[]> BYTE_ORDER = Arrays::compareUnsigned;

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
    private final ExpectedCounts counts;

    Dataset(Settings settings, JsonBytes json, long[] offsets, String[] users, BitSet rejected, int[] keyOf,
            int[] centsOf, byte[] statusOf, int keys, byte[] styleOfKey, int[] userOfKey, long[] millisOfKey,
            int[] lastCleanOfKey) {
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

    public Settings settings() {
        return settings;
    }

    /** Records served (rejects and duplicates included). */
    public int size() {
        return settings.records();
    }

    /** Bytes of JSON of all records. */
    public long jsonBytes() {
        return offsets[offsets.length - 1];
    }

    /**
     * One page's body: {@code prefix}, the records {@code [from, to)} separated by commas, {@code suffix}.
     * Indexes are clamped to the data, so a range past the end gives an empty list.
     */
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
        return new Truth(false, Generator.idText(styleOfKey[k], k), users[userOfKey[k]],
                BigDecimal.valueOf(centsOf[index], 2), Generator.STATUSES[statusOf[index]],
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
        long fromMs = from.atStartOfDay(zone).toInstant().toEpochMilli();
        long toMs = to.atStartOfDay(zone).toInstant().toEpochMilli();
        int wanted = Arrays.asList(Generator.STATUSES).indexOf(status.strip().toLowerCase(Locale.ROOT));
        long[] sums = new long[users.length];
        boolean[] seen = new boolean[users.length];
        if (wanted >= 0) {
            for (int k = 0; k < keys; k++) {
                int r = lastCleanOfKey[k];
                if (r < 0 || statusOf[r] != wanted) {
                    continue;
                }
                long ms = millisOfKey[k];
                if (ms >= fromMs && ms < toMs) {
                    sums[userOfKey[k]] += centsOf[r];
                    seen[userOfKey[k]] = true;
                }
            }
        }
        List<Integer> spenders = new ArrayList<>();
        long total = 0;
        for (int u = 0; u < users.length; u++) {
            if (seen[u]) {
                spenders.add(u);
                total += sums[u];
            }
        }
        byte[][] utf8 = new byte[users.length][];
        for (int u : spenders) {
            utf8[u] = users[u].getBytes(StandardCharsets.UTF_8);
        }
        spenders.sort(Comparator.<Integer>comparingLong(u -> -sums[u]).thenComparing(u -> utf8[u], BYTE_ORDER));
        List<UserSpend.Row> rows = new ArrayList<>(spenders.size());
        for (int u : spenders) {
            rows.add(new UserSpend.Row(users[u], Generator.money(sums[u])));
        }
        return new UserSpend(from.toString(), to.toString(), rows.size(), Generator.money(total), rows);
    }
}

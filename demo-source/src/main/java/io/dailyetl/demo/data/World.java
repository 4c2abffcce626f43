package io.dailyetl.demo.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The changing world of {@code demo.world=changing}: the generated records as they stood at day 0, then one simulated
 * day per {@link #advance}, each creating records with new ids and changing existing ones.
 *
 * <ul>
 *   <li><b>Day 0</b> is the generated data set, dirty mix included, unchanged but for a field {@code updated_at} added
 *       to every record: its id's created_at (for a reject, the instant its date would have had). So every copy of an
 *       id carries the same {@code updated_at} and a window holds all of them or none. Its records lie in the week of
 *       {@code demo.week-start} (and about 1 % just around it), all before {@code start-day}.</li>
 *   <li><b>Day n</b> (n >= 1) is the date {@code start-day + n - 1}. It creates {@code new-per-day} clean records with
 *       new ids ({@code tx-<k>}), created and updated at the same second of that day, and changes
 *       {@code updates-per-day} distinct ids that have a clean state (60 % a new amount, 20 % a new status, 20 % both),
 *       updated at a second of that day, id, user and created_at kept. A changed id's earlier records (its duplicates
 *       included) are no longer served: its one new, clean record replaces them. Rejects stay as they were.</li>
 *   <li>Records are served in order of {@code updated_at}, ties in the order they were generated (so an id's
 *       duplicates keep their order and the last one is its current state), and a window of {@code updated_at} is a
 *       run of that order.</li>
 * </ul>
 * Deterministic: the same settings and the same number of advances give the same bytes. Each day is an immutable
 * {@link Day}, so a request reads one consistent day while the next is built.
 */
public final class World {

    /** {@code demo.changing.*}. */
    public record Settings(int newPerDay, int updatesPerDay, LocalDate startDay) {

        public Settings {
            Objects.requireNonNull(startDay, "startDay");
            if (newPerDay < 0 || updatesPerDay < 0) {
                throw new IllegalArgumentException("demo.changing.new-per-day and updates-per-day must be >= 0, not "
                        + newPerDay + " and " + updatesPerDay);
            }
        }
    }

    /** What {@code GET /admin/world} answers: the day, its date, what it changed, records a full pull serves. */
    public record Summary(int day, String date, int created, int updated, long records) {}

    private static final long DAY_MS = 86_400_000L;
    private static final int DAY_SECONDS = 86_400;
    /** Mixed into the seed, so the world's draws are not the generator's. */
    private static final long WORLD_STREAM = 0x9E3779B97F4A7C15L;

    private static final byte[] NOTHING = new byte[0];
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CHANNELS = {"web", "ios", "android", "pos"};
    private static final String[] DEVICES = {"iPhone 15", "Pixel 8", "Firefox 132", "POS-7"};

    private final Dataset base;
    private final Settings settings;
    private final SplittableRandom random;
    private volatile Day today;

    /** Day 0 of {@code base}, which must be generated with its row times ({@link #generate}). */
    private World(Dataset base, Settings settings) {
        this.base = base;
        this.settings = settings;
        this.random = new SplittableRandom(base.settings().seed() ^ WORLD_STREAM);
        this.today = Day.first(base, settings.startDay());
    }

    /** Generates the records of day 0 and the world that starts with them. */
    public static World generate(Dataset.Settings data, Settings settings) {
        return new World(Dataset.generateWithRowTimes(data), settings);
    }

    /** Day 0's records, as generated (without their updated_at). */
    public Dataset base() {
        return base;
    }

    /** The current day (immutable). */
    public Day today() {
        return today;
    }

    /** Simulates the next day and makes it the current one. */
    public synchronized Day advance() {
        today = today.next(random, settings);
        return today;
    }

    /** One day of the world: the records served, in order, and the current state of every id. Immutable. */
    public static final class Day implements Latest {

        private final Dataset base;
        private final Latest baseLatest;
        private final int baseRows;
        private final int baseKeys;
        private final int number;
        private final LocalDate date;
        private final int created;
        private final int updated;
        // records added since day 0 (row baseRows + i is added record i)
        private final int[] addedKey;
        private final int[] addedCents;
        private final byte[] addedStatus;
        private final long[] addedMillis;
        private final byte[][] addedJson;
        // ids created since day 0 (id baseKeys + j)
        private final int[] newUser;
        private final long[] newCreated;
        /** Each id's current clean record, or -1. */
        private final int[] rowOfKey;
        /** The records served, by updated_at then generation order; times[i] is order[i]'s updated_at. */
        private final int[] order;

        private final long[] times;

        private Day(
                Dataset base,
                Latest baseLatest,
                int number,
                LocalDate date,
                int created,
                int updated,
                int[] addedKey,
                int[] addedCents,
                byte[] addedStatus,
                long[] addedMillis,
                byte[][] addedJson,
                int[] newUser,
                long[] newCreated,
                int[] rowOfKey,
                int[] order,
                long[] times) {
            this.base = base;
            this.baseLatest = baseLatest;
            this.baseRows = base.size();
            this.baseKeys = baseLatest.keys();
            this.number = number;
            this.date = date;
            this.created = created;
            this.updated = updated;
            this.addedKey = addedKey;
            this.addedCents = addedCents;
            this.addedStatus = addedStatus;
            this.addedMillis = addedMillis;
            this.addedJson = addedJson;
            this.newUser = newUser;
            this.newCreated = newCreated;
            this.rowOfKey = rowOfKey;
            this.order = order;
            this.times = times;
        }

        static Day first(Dataset base, LocalDate startDay) {
            int n = base.size();
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (int r = 0; r < n; r++) {
                min = Math.min(min, base.millis(r));
                max = Math.max(max, base.millis(r));
            }
            long startMs = startDay.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            if (n > 0 && max >= startMs) {
                throw new IllegalArgumentException("demo.changing.start-day must be after day 0's last record ("
                        + Instant.ofEpochMilli(max) + "): set it to "
                        + LocalDate.ofInstant(Instant.ofEpochMilli(max), ZoneOffset.UTC)
                                .plusDays(1) + " or later");
            }
            if (n > 0 && max - min >= 1L << 32) {
                throw new IllegalArgumentException("day 0's records span more than 49 days");
            }
            long[] packed = new long[n];
            for (int r = 0; r < n; r++) {
                packed[r] = (base.millis(r) - min) << 31 | r;
            }
            Arrays.sort(packed);
            int[] order = new int[n];
            long[] times = new long[n];
            for (int i = 0; i < n; i++) {
                order[i] = (int) (packed[i] & Integer.MAX_VALUE);
                times[i] = base.millis(order[i]);
            }
            Latest latest = base.latest();
            int[] rowOfKey = new int[latest.keys()];
            for (int k = 0; k < rowOfKey.length; k++) {
                rowOfKey[k] = latest.row(k);
            }
            return new Day(
                    base,
                    latest,
                    0,
                    startDay.minusDays(1),
                    0,
                    0,
                    new int[0],
                    new int[0],
                    new byte[0],
                    new long[0],
                    new byte[0][],
                    new int[0],
                    new long[0],
                    rowOfKey,
                    order,
                    times);
        }

        /** The day after this one. */
        Day next(SplittableRandom random, Settings settings) {
            int day = number + 1;
            LocalDate nextDate = settings.startDay().plusDays(day - 1L);
            long dayMs = nextDate.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            int keys = rowOfKey.length;

            // the ids that change: distinct, among those with a clean state
            int[] candidates = new int[keys];
            int count = 0;
            for (int k = 0; k < keys; k++) {
                if (rowOfKey[k] >= 0) {
                    candidates[count++] = k;
                }
            }
            int changes = Math.min(settings.updatesPerDay(), count);
            boolean[] changed = new boolean[keys];
            for (int i = 0; i < changes; i++) {
                int j = i + random.nextInt(count - i);
                int k = candidates[j];
                candidates[j] = candidates[i];
                candidates[i] = k;
                changed[k] = true;
            }
            int creations = settings.newPerDay();
            int events = changes + creations;

            // each change happens at a second of the day; the day's records are served in that order
            long[] at = new long[events];
            for (int e = 0; e < events; e++) {
                at[e] = (long) random.nextInt(DAY_SECONDS) << 32 | e;
            }
            Arrays.sort(at);

            int added = addedKey.length;
            int[] key = Arrays.copyOf(addedKey, added + events);
            int[] cents = Arrays.copyOf(addedCents, added + events);
            byte[] status = Arrays.copyOf(addedStatus, added + events);
            long[] millis = Arrays.copyOf(addedMillis, added + events);
            byte[][] json = Arrays.copyOf(addedJson, added + events);
            int[] user = Arrays.copyOf(newUser, newUser.length + creations);
            long[] createdAt = Arrays.copyOf(newCreated, newCreated.length + creations);
            int[] current = Arrays.copyOf(rowOfKey, keys + creations);
            int nextKey = keys;
            for (int i = 0; i < events; i++) {
                int e = (int) at[i];
                long ms = dayMs + (at[i] >>> 32) * 1000L;
                int a = added + i;
                int k;
                if (e < changes) {
                    k = candidates[e];
                    int was = rowOfKey[k];
                    cents[a] = cents(was);
                    status[a] = (byte) status(was);
                    int roll = random.nextInt(100);
                    if (roll < 60 || roll >= 80) {
                        cents[a] = otherAmount(random, cents[a]);
                    }
                    if (roll >= 60) {
                        status[a] = (byte) ((status[a] + 1 + random.nextInt(2)) % Generator.STATUSES.length);
                    }
                } else {
                    k = nextKey++;
                    user[k - baseKeys] = random.nextInt(base.settings().users());
                    createdAt[k - baseKeys] = ms;
                    cents[a] = otherAmount(random, 0);
                    int roll = random.nextInt(100);
                    status[a] = roll < 80 ? Generator.ACTIVE : roll < 88 ? Generator.PENDING : Generator.REFUNDED;
                }
                key[a] = k;
                millis[a] = ms;
                current[k] = baseRows + a;
                String userId = users()[k < baseKeys ? baseLatest.user(k) : user[k - baseKeys]];
                long createdMs = k < baseKeys ? baseLatest.createdMillis(k) : createdAt[k - baseKeys];
                json[a] = render(random, k, userId, cents[a], status[a], createdMs, ms);
            }

            // a changed id's earlier records give way to its new one, which comes with the day's at the end
            int[] nextOrder = new int[order.length + events];
            long[] nextTimes = new long[nextOrder.length];
            int o = 0;
            for (int i = 0; i < order.length; i++) {
                int r = order[i];
                if (!rejected(r) && changed[key(r)]) {
                    continue;
                }
                nextOrder[o] = r;
                nextTimes[o++] = times[i];
            }
            for (int i = 0; i < events; i++) {
                nextOrder[o] = baseRows + added + i;
                nextTimes[o++] = millis[added + i];
            }
            return new Day(
                    base,
                    baseLatest,
                    day,
                    nextDate,
                    creations,
                    changes,
                    key,
                    cents,
                    status,
                    millis,
                    json,
                    user,
                    createdAt,
                    current,
                    Arrays.copyOf(nextOrder, o),
                    Arrays.copyOf(nextTimes, o));
        }

        private String idText(int k) {
            return Generator.idText(k < baseKeys ? base.styleOfKey(k) : Generator.STRING_ID, k);
        }

        private byte[] render(
                SplittableRandom random, int k, String userId, int amount, int state, long createdMs, long updatedMs) {
            Map<String, Object> record = new LinkedHashMap<>();
            boolean numeric = k < baseKeys && base.styleOfKey(k) != Generator.STRING_ID;
            record.put("id", numeric ? (Object) Long.parseLong(idText(k)) : idText(k));
            record.put("user_id", userId);
            record.put("amount", Generator.money(amount));
            record.put("status", Generator.STATUSES[state]);
            record.put("created_at", Instant.ofEpochMilli(createdMs).toString());
            record.put("updated_at", Instant.ofEpochMilli(updatedMs).toString());
            record.put("channel", CHANNELS[random.nextInt(CHANNELS.length)]);
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("device", DEVICES[random.nextInt(DEVICES.length)]);
            meta.put("tags", List.of());
            record.put("meta", meta);
            try {
                return JSON.writeValueAsBytes(record);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a map of strings and numbers is always JSON", e);
            }
        }

        /** An amount in 0.01 … 500.00 other than {@code cents}. */
        private static int otherAmount(SplittableRandom random, int cents) {
            int next = 1 + random.nextInt(50_000);
            return next == cents ? next % 50_000 + 1 : next;
        }

        // ---- what is served ---------------------------------------------------------------------------------

        /** The records whose updated_at lies in the window, in the order served. */
        public Records records(Window window) {
            int from = lowerBound(window.since());
            int to = Math.max(from, lowerBound(window.before()));
            return new Records() {
                @Override
                public int size() {
                    return to - from;
                }

                @Override
                public byte[] body(byte[] prefix, long first, long end, byte[] suffix) {
                    return Day.this.body(prefix, from + clamp(first), from + clamp(end), suffix);
                }

                private int clamp(long i) {
                    return (int) Math.max(0, Math.min(i, to - from));
                }
            };
        }

        /** First position whose updated_at is at or after {@code ms}. */
        private int lowerBound(long ms) {
            int lo = 0;
            int hi = times.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (times[mid] < ms) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        private byte[] body(byte[] prefix, int first, int end, byte[] suffix) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(prefix.length + suffix.length + 220 * (end - first));
            out.writeBytes(prefix);
            for (int i = first; i < end; i++) {
                if (i > first) {
                    out.write(',');
                }
                int r = order[i];
                if (r < baseRows) {
                    byte[] record = base.body(NOTHING, r, r + 1L, NOTHING);
                    out.write(record, 0, record.length - 1); // without its closing brace
                    out.writeBytes(("," + "\"updated_at\":\"" + Instant.ofEpochMilli(times[i]) + "\"}")
                            .getBytes(StandardCharsets.US_ASCII));
                } else {
                    out.writeBytes(addedJson[r - baseRows]);
                }
            }
            out.writeBytes(suffix);
            return out.toByteArray();
        }

        // ---- the truth about it -----------------------------------------------------------------------------

        public Summary summary() {
            return new Summary(number, date.toString(), created, updated, order.length);
        }

        /** What a correct pull of the window reports (the whole world for {@link Window#ALL}). */
        public ExpectedCounts counts(Window window) {
            int from = lowerBound(window.since());
            int to = Math.max(from, lowerBound(window.before()));
            long rejects = 0;
            long loaded = 0;
            for (int i = from; i < to; i++) {
                int r = order[i];
                if (rejected(r)) {
                    rejects++;
                } else if (rowOfKey[key(r)] == r) {
                    loaded++; // an id's copies share its updated_at: its current record is in the window too
                }
            }
            long fetched = to - from;
            return new ExpectedCounts(fetched, rejects, fetched - rejects - loaded, loaded);
        }

        /** What a correct snapshot holds now. */
        public SourceState state() {
            return Latest.state(this, number, date.toString());
        }

        public UserSpend userSpend(LocalDate from, LocalDate to, String status, ZoneId zone) {
            return Latest.userSpend(this, from, to, status, zone);
        }

        private boolean rejected(int r) {
            return r < baseRows && base.rejected(r);
        }

        private int key(int r) {
            return r < baseRows ? base.key(r) : addedKey[r - baseRows];
        }

        @Override
        public String[] users() {
            return baseLatest.users();
        }

        @Override
        public int keys() {
            return rowOfKey.length;
        }

        @Override
        public int row(int k) {
            return rowOfKey[k];
        }

        @Override
        public int user(int k) {
            return k < baseKeys ? baseLatest.user(k) : newUser[k - baseKeys];
        }

        @Override
        public long createdMillis(int k) {
            return k < baseKeys ? baseLatest.createdMillis(k) : newCreated[k - baseKeys];
        }

        @Override
        public int cents(int row) {
            return row < baseRows ? baseLatest.cents(row) : addedCents[row - baseRows];
        }

        @Override
        public int status(int row) {
            return row < baseRows ? baseLatest.status(row) : addedStatus[row - baseRows];
        }
    }
}

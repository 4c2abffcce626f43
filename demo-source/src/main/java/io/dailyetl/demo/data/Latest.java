package io.dailyetl.demo.data;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The current clean state of every id, as a correct warehouse snapshot holds it (the last clean occurrence wins),
 * and the answers computed from it. Ids are numbered {@code 0 … keys-1}; rows are the records that hold their values.
 */
interface Latest {

    Comparator<byte[]> BYTE_ORDER = Arrays::compareUnsigned;

    /** User ids, indexed by {@link #user}. */
    String[] users();

    /** Ids numbered so far (some may have no clean record). */
    int keys();

    /** The record holding id {@code k}'s current clean values, or -1 when it has none. */
    int row(int k);

    int user(int k);

    /** Id {@code k}'s created_at, epoch milliseconds. */
    long createdMillis(int k);

    /** Record {@code row}'s amount in cents (0 when null or missing). */
    int cents(int row);

    /** Record {@code row}'s status, an index into {@link Generator#STATUSES}. */
    int status(int row);

    /**
     * The spend per user a correct pipeline answers: the current state of each id, with this status (trimmed,
     * lower-cased), created in {@code [from, to)} at {@code zone}'s midnights.
     */
    static UserSpend userSpend(Latest latest, LocalDate from, LocalDate to, String status, ZoneId zone) {
        long fromMs = from.atStartOfDay(zone).toInstant().toEpochMilli();
        long toMs = to.atStartOfDay(zone).toInstant().toEpochMilli();
        int wanted = Arrays.asList(Generator.STATUSES).indexOf(status.strip().toLowerCase(Locale.ROOT));
        String[] users = latest.users();
        long[] sums = new long[users.length];
        boolean[] seen = new boolean[users.length];
        if (wanted >= 0) {
            for (int k = 0, keys = latest.keys(); k < keys; k++) {
                int r = latest.row(k);
                if (r < 0 || latest.status(r) != wanted) {
                    continue;
                }
                long ms = latest.createdMillis(k);
                if (ms >= fromMs && ms < toMs) {
                    int u = latest.user(k);
                    sums[u] += latest.cents(r);
                    seen[u] = true;
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

    /** How many ids have a clean state, the sum of their amounts and how many have each status. */
    static SourceState state(Latest latest, Integer day, String date) {
        long ids = 0;
        long cents = 0;
        long[] byStatus = new long[Generator.STATUSES.length];
        for (int k = 0, keys = latest.keys(); k < keys; k++) {
            int r = latest.row(k);
            if (r >= 0) {
                ids++;
                cents += latest.cents(r);
                byStatus[latest.status(r)]++;
            }
        }
        Map<String, Long> statuses = new LinkedHashMap<>();
        for (int s = 0; s < byStatus.length; s++) {
            statuses.put(Generator.STATUSES[s], byStatus[s]);
        }
        return new SourceState(day, date, ids, Generator.money(cents), statuses);
    }
}

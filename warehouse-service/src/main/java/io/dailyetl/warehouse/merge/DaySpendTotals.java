package io.dailyetl.warehouse.merge;

import io.dailyetl.warehouse.config.WarehouseConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * {@code user_day_spend} (V8, V17): each user's spend per day, status and source, the days being dates in the zone kept in
 * {@code user_day_spend_zone}. While they are kept ({@code warehouse.analytics.pre-aggregated}), every merge moves
 * them in its own transaction, from the rows it classified (a new id adds its row; a changed one subtracts the row it
 * replaces and adds the new one), so they always sum to what {@code daily_snapshot} holds, and the weekly user-spend
 * query reads a few rows per user instead of every transaction of the week.
 */
public final class DaySpendTotals {

    /** What {@code user_day_spend_zone} holds while the totals are not kept ({@code warehouse.analytics.pre-aggregated=false}). */
    public static final String NOT_KEPT = "(not kept)";

    /**
     * The merge's changes, as {@link SnapshotMerger#LATEST} classified them, added to the totals; run before the
     * snapshot is updated, while it still holds the rows that changed ones replace. Nothing while the totals are
     * {@link #NOT_KEPT}.
     */
    static final String APPLY_CHANGES = """
            insert into user_day_spend as s (day, status, source, user_id, total, transactions)
            select day, status, %2$s, user_id, sum(total), sum(n)
            from (select (l.created_at at time zone z.zone)::date as day, l.status, l.user_id, l.amount as total, 1 as n
                  from merge_latest l cross join user_day_spend_zone z
                  where l.change is not null and z.zone <> '%1$s'
                  union all
                  select (d.created_at at time zone z.zone)::date, d.status, d.user_id, -d.amount, -1
                  from merge_latest l join daily_snapshot d on d.source = %2$s and d.id = l.id
                      cross join user_day_spend_zone z
                  where l.change = 'c' and z.zone <> '%1$s') delta
            group by day, status, user_id
            on conflict (day, status, source, user_id) do update
                set total = s.total + excluded.total, transactions = s.transactions + excluded.transactions""".formatted(NOT_KEPT, SnapshotMerger.SOURCE);

    /** Rows whose transactions all went elsewhere (through the partial index of emptied rows). */
    static final String DELETE_EMPTIED = "delete from user_day_spend where transactions = 0";

    /** Every total again from the snapshot, in the stored zone. */
    static final String FROM_SNAPSHOT = """
            insert into user_day_spend (day, status, source, user_id, total, transactions)
            select (d.created_at at time zone z.zone)::date, d.status, d.source, d.user_id, sum(d.amount), count(*)
            from daily_snapshot d cross join user_day_spend_zone z
            where z.zone <> '%1$s'
            group by 1, 2, 3, 4""".formatted(NOT_KEPT);

    private DaySpendTotals() {}

    /** Adds a classified merge's changes; call after {@link SnapshotMerger#LATEST}, before the snapshot changes. */
    static void applyChanges(Statement st) throws SQLException {
        st.executeUpdate(APPLY_CHANGES);
        st.executeUpdate(DELETE_EMPTIED);
    }

    /** Computes every total from the snapshot anew (after a load into an empty snapshot, or a change of zone). */
    static void rebuild(Statement st) throws SQLException {
        st.executeUpdate("delete from user_day_spend");
        st.executeUpdate(FROM_SNAPSHOT);
    }

    /**
     * The name PostgreSQL knows {@code zone} by for the totals' days: {@code UTC} for UTC, a region's id (such as
     * {@code Europe/Berlin}) as it is; empty for a fixed offset such as {@code +02:00}, whose windows are answered
     * from the snapshot itself (PostgreSQL reads a numeric zone name with the opposite sign).
     */
    public static Optional<String> postgresName(ZoneId zone) {
        if (zone.normalized().equals(ZoneOffset.UTC)) {
            return Optional.of("UTC");
        }
        return zone instanceof ZoneOffset ? Optional.empty() : Optional.of(zone.getId());
    }

    /** The zone the totals' days are dates in ({@link #NOT_KEPT} while they are not kept). */
    public static String zone(Connection c) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select zone from user_day_spend_zone")) {
            return rs.next() ? rs.getString(1) : "UTC";
        }
    }

    /** Whether the totals are off but turn on by the snapshot's size ({@code pre-aggregate-from-rows}). */
    public static boolean onFromSize(WarehouseConfig.Analytics analytics) {
        return !analytics.preAggregated() && analytics.preAggregateFromRows() > 0;
    }

    /**
     * Turns the totals on with days in {@code zone} if they are not kept and {@code daily_snapshot} holds at least
     * {@code fromRows} rows, by an estimate that costs no scan: PostgreSQL's own count of its rows (as of the last
     * analyze, vacuum or index build, which autovacuum keeps recent) plus the rows this merge inserted, and never
     * fewer than the {@code distinct} ids it left there ({@code inserted} is 0 when the merge built the indexes, which
     * counts the rows anew). Call in the commit's transaction, after its merge (which holds the merge
     * lock). Answers whether it turned them on.
     */
    public static boolean keepIfLarge(Connection c, String zone, long fromRows, long distinct, long inserted)
            throws SQLException {
        if (fromRows <= 0 || !NOT_KEPT.equals(zone(c))) {
            return false;
        }
        long rows = distinct;
        if (rows < fromRows) {
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery(
                            "select greatest(reltuples::bigint, 0) from pg_class where oid = 'daily_snapshot'::regclass")) {
                rows = Math.max(rows, (rs.next() ? rs.getLong(1) : 0) + inserted);
            }
        }
        return rows >= fromRows && useZone(c, zone);
    }

    /**
     * At a start with the totals on from a size: keeps them if a commit turned them on, with days in {@code zone}
     * (rebuilt if they are in another), and leaves them not kept otherwise. Answers whether it rebuilt them.
     */
    public static boolean keepIfKept(Connection c, String zone) throws SQLException {
        return !NOT_KEPT.equals(zone(c)) && useZone(c, zone);
    }

    /**
     * Marks the totals as not kept, so that nothing reads them and turning them on again rebuilds them. Answers
     * whether they were kept until now. The caller commits.
     */
    public static boolean stopKeeping(Connection c) throws SQLException {
        return useZone(c, NOT_KEPT);
    }

    /**
     * Makes the totals' days dates in {@code zone} (a {@link #postgresName}, or {@link #NOT_KEPT}), rebuilding them
     * if they are in another; under the merge lock, so no merge moves them meanwhile. Answers whether it changed
     * them. The caller commits.
     */
    public static boolean useZone(Connection c, String zone) throws SQLException {
        if (zone.equals(zone(c))) {
            return false; // the usual start: no need to wait for a merge in progress
        }
        try (Statement st = c.createStatement()) {
            st.execute("select pg_advisory_xact_lock(" + SnapshotMerger.MERGE_LOCK + ")");
            if (zone.equals(zone(c))) {
                return false; // another replica got there first
            }
            try (var ps = c.prepareStatement("update user_day_spend_zone set zone = ?")) {
                ps.setString(1, zone);
                ps.executeUpdate();
            }
            if (!NOT_KEPT.equals(zone)) {
                rebuild(st);
            }
            return true;
        }
    }
}

package io.dailyetl.warehouse.merge;

import io.quarkus.logging.Log;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/**
 * Merges a load's staging table into {@code daily_snapshot} with set-based statements: the last occurrence of an
 * id by (seq, position) wins, new ids are inserted, changed ones updated and identical ones left alone. Into an
 * empty snapshot (the first load, or the first after it was emptied) every row is new: they are inserted with the
 * snapshot's indexes dropped, and the indexes built afterwards, in the same transaction. Either way the per-user
 * day totals ({@link DaySpendTotals}) move in the same transaction.
 */
public final class SnapshotMerger {

    /** Counts of one merge; {@code distinct} ids = inserted + updated + unchanged. */
    public record Merged(long distinct, long inserted, long updated, boolean indexesRebuilt) {}

    /**
     * Whether a merge into an empty snapshot may drop and rebuild its indexes, and how long it waits for readers
     * to let go of the snapshot before it merges the usual way instead.
     */
    public record IndexRebuild(boolean enabled, Duration lockWait) {}

    /** Key of the transaction-scoped advisory lock that serialises merges into daily_snapshot. */
    static final long MERGE_LOCK = 0x6461696c795f736eL; // "daily_sn"

    /**
     * The transaction's setting that names the source of the load being merged ({@link #useSource}): a record is
     * identified by its source and its id (V17), so every statement of the merge matches the snapshot's rows of this
     * source only.
     */
    static final String SOURCE = "current_setting('dailyetl.merge_source') collate \"C\"";

    /**
     * The last occurrence of every id (format argument: the staging table), in a temporary table dropped at commit
     * or rollback, each classified against the snapshot's rows of the load's source in the same pass: {@code change}
     * is {@code 'n'} for an id the source does not have yet, {@code 'c'} for one whose row differs, null for one that
     * is identical. DISTINCT ON keeps the first row per id in (id, seq desc, pos desc) order: the last one sent. Its
     * output comes in id order, so the join with the snapshot is a merge along its primary key (source, id) within
     * the one source, and the new rows are stored in id order.
     */
    static final String LATEST = """
            create temp table merge_latest on commit drop as
            select l.*,
                   case when d.id is null then 'n'
                        when (d.user_id, d.amount, d.status, d.created_at, d.attributes)
                             is distinct from (l.user_id, l.amount, l.status, l.created_at, l.attributes) then 'c'
                   end as change
            from (select distinct on (id) id, user_id, amount, status, created_at, attributes
                  from %s
                  order by id, seq desc, pos desc) l
            left join daily_snapshot d on d.source = %s and d.id = l.id""";

    // One join of the load with the snapshot classifies every id; the update then touches only the changed rows and
    // the insert adds only the new ones, in id order (the primary key grows at its right edge), neither reading the
    // snapshot again. A repeat of a million unchanged rows: 3.2 s for the earlier update-join plus anti-join insert,
    // 1.9 s for this. A plain insert beats INSERT ... ON CONFLICT's speculative insertion (measurements:
    // docs/performance.md). The classification holds until the insert: merges run one at a time (MERGE_LOCK), and
    // nothing else adds ids to the snapshot.

    /** Parameters: the load id, the source. */
    static final String UPDATE_CHANGED = """
            update daily_snapshot d set
                user_id = l.user_id, amount = l.amount, status = l.status, created_at = l.created_at,
                attributes = l.attributes, load_id = ?, updated_at = now()
            from merge_latest l
            where l.change = 'c' and d.source = ? and d.id = l.id""";

    /** Parameters: the source, the load id. */
    static final String INSERT_NEW = """
            insert into daily_snapshot
                (source, id, user_id, amount, status, created_at, attributes, load_id, first_seen_at, updated_at)
            select ?, l.id, l.user_id, l.amount, l.status, l.created_at, l.attributes, ?, now(), now()
            from merge_latest l
            where l.change = 'n'""";

    /**
     * Every row of a load into an empty snapshot, the last occurrence of each id (format argument: the staging
     * table), in id order. Parameters: the source, the load id.
     */
    static final String INSERT_ALL = """
            insert into daily_snapshot
                (source, id, user_id, amount, status, created_at, attributes, load_id, first_seen_at, updated_at)
            select distinct on (id) ?, id, user_id, amount, status, created_at, attributes, ?, now(), now()
            from %s
            order by id, seq desc, pos desc""";

    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private SnapshotMerger() {}

    /**
     * Merges the load of {@code source}, moving the per-user day totals too when {@code dayTotals}; waits at most
     * {@code lockWait} for another commit's merge to finish, else throws {@link MergeBusy} (the transaction is then
     * to be rolled back).
     */
    public static Merged merge(
            Connection c,
            UUID loadId,
            String source,
            String stagingTable,
            Duration lockWait,
            IndexRebuild rebuild,
            boolean dayTotals)
            throws SQLException {
        useSource(c, source);
        // Commits merge one at a time: the insert below relies on no other transaction adding the same ids.
        try (Statement st = c.createStatement()) {
            st.execute("set local lock_timeout = " + Math.max(1, lockWait.toMillis()));
        }
        try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
            lock.setLong(1, MERGE_LOCK);
            lock.execute();
        } catch (SQLException e) {
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                throw new MergeBusy(lockWait);
            }
            throw e;
        }
        try (Statement st = c.createStatement()) {
            st.execute("set local lock_timeout = 0");
        }
        // read under the merge lock, which a change of the totals' state takes too; not kept, they need no work
        dayTotals = dayTotals && !DaySpendTotals.NOT_KEPT.equals(DaySpendTotals.zone(c));
        if (rebuild.enabled() && dropIndexesOfEmptySnapshot(c, rebuild.lockWait())) {
            return insertAllAndRebuild(c, loadId, source, stagingTable, dayTotals);
        }
        try (Statement st = c.createStatement()) {
            steerPlans(st);
            steerClassification(st);
            long distinct = st.executeUpdate(LATEST.formatted(stagingTable, SOURCE));
            endClassification(st);
            if (dayTotals) {
                DaySpendTotals.applyChanges(st); // before the update replaces the rows it subtracts
            }
            long updated;
            try (PreparedStatement ps = c.prepareStatement(UPDATE_CHANGED)) {
                ps.setObject(1, loadId);
                ps.setString(2, source);
                updated = ps.executeUpdate();
            }
            long inserted;
            try (PreparedStatement ps = c.prepareStatement(INSERT_NEW)) {
                ps.setString(1, source);
                ps.setObject(2, loadId);
                inserted = ps.executeUpdate();
            }
            st.execute("reset enable_seqscan");
            st.execute("reset jit");
            return new Merged(distinct, inserted, updated, false);
        }
    }

    /**
     * Drops the snapshot's indexes if it is empty, under its ACCESS EXCLUSIVE lock (held to the end of the
     * transaction, so it stays empty and readers wait for the commit). When the snapshot has rows, or readers hold
     * it longer than {@code lockWait}, nothing changes and the merge goes the usual way.
     */
    private static boolean dropIndexesOfEmptySnapshot(Connection c, Duration lockWait) throws SQLException {
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("select exists (select from daily_snapshot)")) {
                if (rs.next() && rs.getBoolean(1)) {
                    return false; // the common case, decided without a lock
                }
            }
            st.execute("savepoint index_rebuild");
            try {
                st.execute("set local lock_timeout = " + Math.max(1, lockWait.toMillis()));
                boolean dropped;
                try (ResultSet rs = st.executeQuery("select daily_snapshot_drop_indexes(0)")) {
                    dropped = rs.next() && rs.getBoolean(1);
                }
                if (!dropped) {
                    st.execute("rollback to savepoint index_rebuild");
                    return false;
                }
                st.execute("set local lock_timeout = 0");
                st.execute("release savepoint index_rebuild");
                return true;
            } catch (SQLException e) {
                if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                    throw e;
                }
                st.execute("rollback to savepoint index_rebuild"); // also undoes the lock_timeout
                Log.infof(
                        "daily_snapshot is empty but readers held it for %d ms: merging with its indexes in place",
                        lockWait.toMillis());
                return false;
            }
        }
    }

    /** Inserts every id of the load into the emptied, index-less snapshot, then builds its indexes. */
    private static Merged insertAllAndRebuild(
            Connection c, UUID loadId, String source, String stagingTable, boolean dayTotals) throws SQLException {
        long inserted;
        try (PreparedStatement ps = c.prepareStatement(INSERT_ALL.formatted(stagingTable))) {
            ps.setString(1, source);
            ps.setObject(2, loadId);
            inserted = ps.executeUpdate();
        }
        try (Statement st = c.createStatement()) {
            st.execute("select daily_snapshot_restore_indexes()");
            if (dayTotals) {
                DaySpendTotals.rebuild(st);
            }
        }
        return new Merged(inserted, inserted, 0, true);
    }

    /** Names the source of the merge for the rest of the transaction ({@link #SOURCE}). */
    static void useSource(Connection c, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select set_config('dailyetl.merge_source', ?, true)")) {
            ps.setString(1, source);
            ps.execute();
        }
    }

    /**
     * Makes the classification ({@link #LATEST}) one merge join along the snapshot's primary key. Staging tables
     * have no statistics, so the planner guesses a few hundred distinct ids where a day has a million, and would
     * probe the primary key once for each of them, or hash them and read the source's rows into the join, or
     * collect the source's rows through a bitmap and sort them (slower than the ordered pass for a repeat of a
     * million rows: docs/performance.md).
     */
    static void steerClassification(Statement st) throws SQLException {
        st.execute("set local enable_nestloop = off");
        st.execute("set local enable_hashjoin = off");
        st.execute("set local enable_bitmapscan = off");
    }

    /** Undoes {@link #steerClassification} for the statements after it. */
    static void endClassification(Statement st) throws SQLException {
        st.execute("reset enable_nestloop");
        st.execute("reset enable_hashjoin");
        st.execute("reset enable_bitmapscan");
    }

    /**
     * Keeps the planner from scanning {@code daily_snapshot} sequentially inside a loop. When its statistics say
     * the snapshot is empty (freshly analysed, or emptied, and filled since), the cheapest-looking way to match
     * staged ids can be a nested loop with a sequential scan of the snapshot for every staged row: quadratic in the
     * rows it really has (an earlier merge whose insert read the table it filled took minutes instead of seconds
     * for a million rows). With sequential scans priced out, the snapshot is read through its primary key (probes,
     * or one ordered pass for a merge join), whatever its statistics say; the staging side has no index and is
     * scanned once either way.
     */
    static void steerPlans(Statement st) throws SQLException {
        st.execute("set local enable_seqscan = off");
        // that penalty makes every merge statement look costly enough for PostgreSQL's JIT compiler at its most
        // expensive level (inlining and optimisation), which these plain scans, sorts and joins do not repay
        st.execute("set local jit = off");
    }
}

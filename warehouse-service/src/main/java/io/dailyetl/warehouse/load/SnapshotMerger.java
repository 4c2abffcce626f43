package io.dailyetl.warehouse.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Merges a load's staging table into {@code daily_snapshot} with one set-based statement: the last occurrence
 * of an id by (seq, position) wins, new ids are inserted, changed ones updated and identical ones left alone.
 */
final class SnapshotMerger {

    /** Counts of one merge; {@code distinct} ids = inserted + updated + unchanged. */
    record Merged(long distinct, long inserted, long updated) {
    }

    /** Key of the transaction-scoped advisory lock that serialises merges into daily_snapshot. */
    private static final long MERGE_LOCK = 0x6461696c795f736eL; // "daily_sn"

    private SnapshotMerger() {
    }

    static Merged merge(Connection c, UUID loadId, String stagingTable) throws SQLException {
        // Commits merge one at a time: the insert below relies on no other transaction adding the same ids.
        try (PreparedStatement lock = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
            lock.setLong(1, MERGE_LOCK);
            lock.execute();
        }
        // Staging tables are never auto-analysed (autovacuum is off for them): without statistics the planner
        // takes a million staged rows for a few hundred and joins them to the snapshot by index, row by row.
        try (Statement analyze = c.createStatement()) {
            analyze.execute("analyze " + stagingTable);
        }
        // DISTINCT ON keeps the first row per id in (id, seq desc, pos desc) order: the last one sent.
        // Changed rows are updated and new ones inserted by two data-modifying CTEs over disjoint ids (both
        // see the snapshot as it was before the statement); identical rows are left alone. A plain insert
        // with an anti-join is markedly cheaper than INSERT ... ON CONFLICT's speculative insertion.
        String sql = """
                with latest as materialized (
                    select distinct on (id) id, user_id, amount, status, created_at, attributes
                    from %s
                    order by id, seq desc, pos desc
                ), changed as (
                    update daily_snapshot d set
                        user_id = l.user_id, amount = l.amount, status = l.status, created_at = l.created_at,
                        attributes = l.attributes, load_id = ?, updated_at = now()
                    from latest l
                    where d.id = l.id
                      and (d.user_id, d.amount, d.status, d.created_at, d.attributes)
                          is distinct from (l.user_id, l.amount, l.status, l.created_at, l.attributes)
                    returning 1
                ), added as (
                    insert into daily_snapshot
                        (id, user_id, amount, status, created_at, attributes, load_id, first_seen_at, updated_at)
                    select l.id, l.user_id, l.amount, l.status, l.created_at, l.attributes, ?, now(), now()
                    from latest l
                    where not exists (select 1 from daily_snapshot d where d.id = l.id)
                    returning 1
                )
                select (select count(*) from latest), (select count(*) from added), (select count(*) from changed)
                """.formatted(stagingTable);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, loadId);
            ps.setObject(2, loadId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Merged(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }
}

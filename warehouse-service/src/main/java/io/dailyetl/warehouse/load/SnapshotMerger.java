package io.dailyetl.warehouse.load;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Merges a load's staging table into {@code daily_snapshot} with one set-based statement: the last occurrence
 * of an id by (seq, position) wins, new ids are inserted, changed ones updated and identical ones left alone.
 */
final class SnapshotMerger {

    /** Counts of one merge; {@code distinct} ids = inserted + updated + unchanged. */
    record Merged(long distinct, long inserted, long updated) {
    }

    private SnapshotMerger() {
    }

    static Merged merge(Connection c, UUID loadId, String stagingTable) throws SQLException {
        // DISTINCT ON keeps the first row per id in (id, seq desc, pos desc) order: the last one sent.
        // RETURNING (xmax = 0) is true for inserted rows, false for updated ones; rows whose values did not
        // change are skipped by the WHERE and not returned, so unchanged = distinct - inserted - updated.
        String sql = """
                with latest as materialized (
                    select distinct on (id) id, user_id, amount, status, created_at, attributes
                    from %s
                    order by id, seq desc, pos desc
                ), written as (
                    insert into daily_snapshot as d
                        (id, user_id, amount, status, created_at, attributes, load_id, first_seen_at, updated_at)
                    select id, user_id, amount, status, created_at, attributes, ?, now(), now() from latest
                    on conflict (id) do update set
                        user_id = excluded.user_id, amount = excluded.amount, status = excluded.status,
                        created_at = excluded.created_at, attributes = excluded.attributes,
                        load_id = excluded.load_id, updated_at = excluded.updated_at
                    where (d.user_id, d.amount, d.status, d.created_at, d.attributes)
                        is distinct from (excluded.user_id, excluded.amount, excluded.status, excluded.created_at,
                                          excluded.attributes)
                    returning (xmax = 0) as inserted
                )
                select (select count(*) from latest),
                       count(*) filter (where inserted),
                       count(*) filter (where not inserted)
                from written
                """.formatted(stagingTable);
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, loadId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Merged(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }
}

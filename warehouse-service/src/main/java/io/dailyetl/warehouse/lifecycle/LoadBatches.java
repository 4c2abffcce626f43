package io.dailyetl.warehouse.lifecycle;

import io.dailyetl.warehouse.staging.StagedBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * The {@code load_batch} ledger: one row per batch a load staged, replaced when the batch is sent again. It survives
 * a crash that empties the staging tables, so a commit checks both its own counts and the staged rows against it.
 */
final class LoadBatches {

    /** What a load's batches staged so far. */
    record Counts(long batches, long records, long rejects) {

        boolean match(int batches, long records, long rejects) {
            return this.batches == batches && this.records == records && this.rejects == rejects;
        }
    }

    private LoadBatches() {}

    /** Records a staged batch; true when an earlier send of the same seq was replaced. */
    static boolean record(Connection c, UUID loadId, StagedBatch batch) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into load_batch (load_id, seq, records, rejects, staged_at) values (?, ?, ?, ?, now())
                on conflict (load_id, seq) do update
                    set records = excluded.records, rejects = excluded.rejects, staged_at = now()
                returning xmax <> 0""")) {
            ps.setObject(1, loadId);
            ps.setInt(2, batch.seq());
            ps.setInt(3, batch.records());
            ps.setInt(4, batch.rejects().size());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static Counts counts(Connection c, UUID loadId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select count(*), coalesce(sum(records), 0), "
                + "coalesce(sum(rejects), 0) from load_batch where load_id = ?")) {
            ps.setObject(1, loadId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3));
            }
        }
    }
}

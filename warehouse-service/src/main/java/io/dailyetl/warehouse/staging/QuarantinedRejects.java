package io.dailyetl.warehouse.staging;

import io.dailyetl.warehouse.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The {@code quarantined_reject} table: the records ingest rejected, kept per load with their reason and raw JSON. */
public final class QuarantinedRejects {

    private QuarantinedRejects() {}

    public static void insert(Connection c, UUID loadId, StagedBatch batch) throws SQLException {
        if (batch.rejects().isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("insert into quarantined_reject "
                + "(load_id, seq, position, page, reason, raw) values (?, ?, ?, ?, ?, ?::jsonb)")) {
            for (StagedBatch.Reject r : batch.rejects()) {
                ps.setObject(1, loadId);
                ps.setInt(2, batch.seq());
                ps.setInt(3, r.position());
                ps.setObject(4, r.page());
                ps.setString(5, r.reason());
                ps.setString(6, r.rawJson());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Removes what an earlier send of batch {@code seq} quarantined, before that batch is staged again. */
    public static void deleteBatch(Connection c, UUID loadId, int seq) throws SQLException {
        Sql.execute(c, "delete from quarantined_reject where load_id = ? and seq = ?", loadId, seq);
    }

    public static void deleteAll(Connection c, UUID loadId) throws SQLException {
        Sql.execute(c, "delete from quarantined_reject where load_id = ?", loadId);
    }

    public static long count(Connection c, UUID loadId) throws SQLException {
        return Sql.count(c, "select count(*) from quarantined_reject where load_id = ?", loadId);
    }

    /** A page of a load's rejects in the order they were sent (batch, then position). */
    public static RejectPage page(Connection c, UUID loadId, int limit, int offset) throws SQLException {
        long total = count(c, loadId);
        List<RejectPage.Item> items = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select seq, position, page, reason, raw::text "
                + "from quarantined_reject where load_id = ? order by seq, position limit ? offset ?")) {
            ps.setObject(1, loadId);
            ps.setInt(2, limit);
            ps.setInt(3, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(new RejectPage.Item(
                            rs.getInt(1), rs.getInt(2), (Integer) rs.getObject(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return new RejectPage(loadId, total, limit, offset, items);
    }
}

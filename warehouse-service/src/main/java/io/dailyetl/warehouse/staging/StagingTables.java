package io.dailyetl.warehouse.staging;

import io.dailyetl.warehouse.jdbc.Sql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The per-load staging tables: an OPEN load stages its records in an unlogged table of its own
 * ({@link #table}) until its commit merges and drops it, or abort or expiry discards it. Each is
 * created like {@code load_staging_template} (migration V4), so its columns are defined once, in SQL. Unlogged
 * makes staging cheap to write; a PostgreSQL crash empties such tables, which is why a commit counts their rows.
 */
public final class StagingTables {

    private StagingTables() {}

    /** The unlogged table that holds a load's staged records until its commit. */
    public static String table(UUID loadId) {
        // the id is a UUID we generated: hex digits only, safe to put into an identifier
        return "staging.load_" + loadId.toString().replace("-", "");
    }

    /** Creates the load's empty staging table; autovacuum stays off, since the table lives for one load only. */
    public static void create(Connection c, UUID loadId) throws SQLException {
        Sql.execute(
                c,
                "create unlogged table " + table(loadId)
                        + " (like load_staging_template including all) with (autovacuum_enabled = false)");
    }

    /** Drops the staging table of a load that was just merged. */
    public static void drop(Connection c, UUID loadId) throws SQLException {
        Sql.execute(c, "drop table " + table(loadId));
    }

    /** Discards everything a load staged: its staging table, if it is still there, and its quarantined rejects. */
    public static void discard(Connection c, UUID loadId) throws SQLException {
        Sql.execute(c, "drop table if exists " + table(loadId));
        QuarantinedRejects.deleteAll(c, loadId);
    }

    /** Removes what an earlier send of batch {@code seq} staged, before that batch is staged again. */
    public static void deleteBatch(Connection c, UUID loadId, int seq) throws SQLException {
        Sql.execute(c, "delete from " + table(loadId) + " where seq = ?", seq);
    }

    /** COPYs a batch's rows in, as COPY text in the column order {@link StagedBatch} documents. */
    public static void copyIn(Connection c, UUID loadId, byte[] copyText) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("copy " + table(loadId)
                        + " (seq, pos, id, user_id, amount, status, created_at, attributes) from stdin");
        copy.writeToCopy(copyText, 0, copyText.length);
        copy.endCopy();
    }

    /** How many rows the load's staging table holds. */
    public static long rows(Connection c, UUID loadId) throws SQLException {
        return Sql.count(c, "select count(*) from " + table(loadId));
    }

    /** The batches (by seq) whose rows in the staging table are fewer or more than {@code load_batch} recorded. */
    public static List<Integer> batchesNotIntact(Connection c, UUID loadId) throws SQLException {
        List<Integer> seqs = new ArrayList<>();
        try (PreparedStatement ps =
                c.prepareStatement("select b.seq from load_batch b left join (select seq, count(*) n "
                        + "from " + table(loadId) + " group by seq) s on s.seq = b.seq where b.load_id = ? "
                        + "and b.records <> coalesce(s.n, 0) order by b.seq")) {
            ps.setObject(1, loadId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getInt(1));
                }
            }
        }
        return seqs;
    }
}

package io.dailyetl.bench;

import io.dailyetl.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyOut;

/**
 * The yardstick for an ingest run: the database's own bulk load of the same final rows into the same table shape.
 * Reads daily_snapshot once as COPY text (not timed), then times one plain {@code COPY ... FROM STDIN} of it into a
 * fresh {@code reference_snapshot} made with {@code LIKE daily_snapshot INCLUDING ALL}: the same columns, collations,
 * defaults, primary key and index, taken from the warehouse's own table rather than a copy of its DDL.
 */
record ReferenceCopy(List<byte[]> chunks, long rows, long bytes, double exportSeconds) {

    private static final int CHUNK = 1 << 20;

    /** Reads daily_snapshot's rows as COPY text, in chunks of about 1 MiB, after checking it holds exactly them. */
    static ReferenceCopy export(TestDatabase db, long expectedRows) throws Exception {
        long t0 = System.nanoTime();
        List<byte[]> chunks = new ArrayList<>();
        long rows;
        try (Connection c = db.connect()) {
            try (Statement s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery("select count(*), count(distinct (source, id)) from daily_snapshot")) {
                rs.next();
                if (rs.getLong(1) != expectedRows || rs.getLong(2) != expectedRows) {
                    throw new IllegalStateException("daily_snapshot holds " + rs.getLong(1) + " rows (" + rs.getLong(2)
                            + " distinct ids), expected " + expectedRows);
                }
            }
            CopyOut out = c.unwrap(PGConnection.class).getCopyAPI().copyOut("copy daily_snapshot to stdout");
            ByteArrayOutputStream chunk = new ByteArrayOutputStream(CHUNK);
            for (byte[] row = out.readFromCopy(); row != null; row = out.readFromCopy()) {
                chunk.write(row);
                if (chunk.size() >= CHUNK - 4096) {
                    chunks.add(chunk.toByteArray());
                    chunk.reset();
                }
            }
            chunks.add(chunk.toByteArray());
            rows = out.getHandledRowCount();
        }
        if (rows != expectedRows) {
            throw new IllegalStateException(
                    "COPY TO read " + rows + " rows of daily_snapshot, expected " + expectedRows);
        }
        return new ReferenceCopy(
                chunks, rows, chunks.stream().mapToLong(b -> b.length).sum(), (System.nanoTime() - t0) / 1e9);
    }

    /** Creates a fresh reference_snapshot (not timed), checkpoints, and times one COPY of the rows into it. */
    double timeOnce(TestDatabase db) throws SQLException {
        try (Connection c = db.connect();
                Statement s = c.createStatement()) {
            s.execute("drop table if exists reference_snapshot");
            s.execute("create table reference_snapshot (like daily_snapshot including all)");
            try {
                s.execute("checkpoint"); // the timed COPY does not pay for the dirty pages of what came before
                long t0 = System.nanoTime();
                CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy reference_snapshot from stdin");
                try {
                    for (byte[] chunk : chunks) {
                        in.writeToCopy(chunk, 0, chunk.length);
                    }
                    long copied = in.endCopy();
                    double elapsed = (System.nanoTime() - t0) / 1e9;
                    if (copied != rows) {
                        throw new IllegalStateException("reference COPY wrote " + copied + " rows, expected " + rows);
                    }
                    return elapsed;
                } finally {
                    if (in.isActive()) {
                        in.cancelCopy();
                    }
                }
            } finally {
                s.execute("drop table if exists reference_snapshot");
            }
        }
    }
}

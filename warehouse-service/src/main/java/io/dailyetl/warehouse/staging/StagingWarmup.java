package io.dailyetl.warehouse.staging;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Runs the staging path once on made-up batches, in the background right after start-up (declared in
 * {@code health.StartupWarmUps}): reading and validating {@value #BATCHES} batch bodies of {@value #RECORDS}
 * records as ingest sends them, and COPYing their rows into a temporary table that the rolled-back transaction drops.
 * The first load after a start then runs compiled code instead of paying for class loading and the JIT while a run
 * waits. Nothing is stored: no load, no staging table, no row.
 */
@ApplicationScoped
public class StagingWarmup {

    static final int BATCHES = 20;
    static final int RECORDS = 1_000;

    private final BatchReader reader;
    private final AgroalDataSource dataSource;

    StagingWarmup(BatchReader reader, AgroalDataSource dataSource) {
        this.reader = reader;
        this.dataSource = dataSource;
    }

    /** Runs the staging path once; returns the rows it COPYed (and threw away). */
    public long run() throws IOException, SQLException {
        long rows = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("create temporary table staging_warm_up (like load_staging_template) on commit drop");
                for (int seq = 0; seq < BATCHES; seq++) {
                    StagedBatch batch = reader.read(body(seq), seq, RECORDS);
                    CopyIn copy = c.unwrap(PGConnection.class)
                            .getCopyAPI()
                            .copyIn("copy staging_warm_up "
                                    + "(seq, pos, id, user_id, amount, status, created_at, attributes) from stdin");
                    copy.writeToCopy(batch.copyText(), 0, batch.copyText().length);
                    rows += copy.endCopy();
                }
            } finally {
                c.rollback();
            }
        }
        return rows;
    }

    /** A batch body as ingest sends it, with the kinds of values real batches have. */
    static byte[] body(int seq) {
        StringBuilder json = new StringBuilder(RECORDS * 200).append("{\"records\":[");
        for (int i = 0; i < RECORDS; i++) {
            int n = seq * RECORDS + i;
            json.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"warm-up-")
                    .append(n)
                    .append("\",\"userId\":\"u")
                    .append(n % 997)
                    .append("\",\"amount\":\"")
                    .append(n % 50_000 / 100)
                    .append('.')
                    .append(10 + n % 90)
                    .append("\",\"status\":\"")
                    .append(n % 8 == 0 ? "refunded" : "active")
                    .append("\",\"createdAt\":\"2000-01-0")
                    .append(1 + n % 7)
                    .append("T0")
                    .append(n % 10)
                    .append(":")
                    .append(10 + n % 50)
                    .append(":00Z\",\"attributes\":{\"channel\":\"web\",")
                    .append("\"meta\":{\"device\":\"ios\",\"tags\":[\"a\",\"b\"]},\"score\":")
                    .append(n % 100)
                    .append(".5,\"note\":\"zo\u00eb \\\"quoted\\\"\"}}");
        }
        return json.append("],\"rejects\":[]}").toString().getBytes(StandardCharsets.UTF_8);
    }
}

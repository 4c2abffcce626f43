package io.dailyetl.warehouse.load;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The merge's plans when PostgreSQL believes {@code daily_snapshot} is empty: the cheapest-looking plan then is a
 * nested loop that scans the snapshot sequentially for every staged row, which turns quadratic while the insert
 * fills that very table (a million rows went from seconds to minutes before the merge steered its plans).
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class SnapshotMergerPlanTest {

    @Test
    void mergeIntoASnapshotKnownToBeEmptyNeverScansItSequentially() throws Exception {
        try (Connection c = superuser()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                // given a snapshot the statistics call empty (all in a transaction rolled back at the end, so the
                // rows of other tests stay) and a large load staged for it
                largeLoadForASnapshotKnownToBeEmpty(st);

                // when the merge's statements are planned as the merge runs them
                SnapshotMerger.steerPlans(st);
                String insertPlan = explain(c, SnapshotMerger.INSERT_NEW);
                String updatePlan = explain(c, SnapshotMerger.UPDATE_CHANGED);

                // then neither reads the snapshot by a sequential scan
                assertThat(insertPlan).doesNotContain("Seq Scan on daily_snapshot");
                assertThat(updatePlan).doesNotContain("Seq Scan on daily_snapshot");
                assertThat(insertPlan).contains("daily_snapshot_pkey");
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void withoutSteeringThePlannerWouldScanTheSnapshotInALoop() throws Exception {
        // the condition the steering exists for: if PostgreSQL ever stops choosing this plan, the steering can go
        try (Connection c = superuser()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                largeLoadForASnapshotKnownToBeEmpty(st);

                String insertPlan = explain(c, SnapshotMerger.INSERT_NEW);

                assertThat(insertPlan).contains("Nested Loop Anti Join").contains("Seq Scan on daily_snapshot");
            } finally {
                c.rollback();
            }
        }
    }

    /**
     * A connection as the superuser: emptying and analysing the snapshot is beyond the warehouse's runtime role, and
     * the plans are the same whoever asks for them.
     */
    private static Connection superuser() throws SQLException {
        return TestDatabase.shared().connect();
    }

    /** Empties the snapshot, lets the statistics say so, and stages 200,000 new rows as the merge's first step. */
    private static void largeLoadForASnapshotKnownToBeEmpty(Statement st) throws Exception {
        st.execute("truncate daily_snapshot");
        st.execute("analyze daily_snapshot");
        st.execute("create temp table staged on commit drop as select 1 as seq, g as pos, 'plan-' || g as id, "
                + "'u' || (g % 100) as user_id, 1.00::numeric as amount, 'active' as status, "
                + "now() as created_at, '{}'::jsonb as attributes from generate_series(1, 200000) g");
        st.executeUpdate(SnapshotMerger.LATEST.formatted("staged"));
    }

    private static String explain(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("explain " + sql)) {
            ps.setObject(1, UUID.randomUUID());
            List<String> lines = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(rs.getString(1));
                }
            }
            return String.join("\n", lines);
        }
    }
}

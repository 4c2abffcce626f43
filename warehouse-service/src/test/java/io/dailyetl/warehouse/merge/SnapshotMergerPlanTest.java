package io.dailyetl.warehouse.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The merge's plans when PostgreSQL's statistics of {@code daily_snapshot} are wrong (from before a load filled
 * it): whatever they say, the merge matches the staged ids with the snapshot in one ordered pass along its primary
 * key, never by a sequential scan (which an earlier merge, whose insert read the table it was filling, repeated for
 * every staged row: minutes instead of seconds for a million rows), and never by sorting or hashing the whole
 * snapshot (a repeat of a million unchanged rows: 1.7–2.4 s along the key, 3.6–3.9 s by a hash join).
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class SnapshotMergerPlanTest {

    @Test
    void mergeIntoASnapshotBelievedEmptyNeverScansItSequentially() throws Exception {
        try (Connection c = superuser()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                // given a snapshot the statistics call empty but that holds 200,000 rows (all in a transaction
                // rolled back at the end, so the rows of other tests stay), and a load of the same ids staged
                snapshotBelievedEmptyButFull(st);

                // when the merge's statements are planned as the merge runs them
                SnapshotMerger.useSource(c, "plan");
                SnapshotMerger.steerPlans(st);
                SnapshotMerger.steerClassification(st);
                String latest = SnapshotMerger.LATEST.formatted("staged", SnapshotMerger.SOURCE);
                String latestPlan = explain(c, latest);
                st.executeUpdate(latest);
                SnapshotMerger.endClassification(st);
                String updatePlan = explain(c, SnapshotMerger.UPDATE_CHANGED, UUID.randomUUID(), "plan");
                String insertPlan = explain(c, SnapshotMerger.INSERT_NEW, "plan", UUID.randomUUID());

                // then none reads the snapshot by a sequential scan: the classification walks its primary key,
                // within the load's source
                assertThat(latestPlan)
                        .doesNotContain("Seq Scan on daily_snapshot")
                        .contains("Merge Left Join")
                        .contains("Index Scan using daily_snapshot_pkey on daily_snapshot d")
                        .doesNotContain("Sort Key: d.id")
                        .contains("Index Cond: (source = ");
                assertThat(updatePlan).doesNotContain("Seq Scan on daily_snapshot");
                assertThat(insertPlan).doesNotContain("on daily_snapshot d");
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

    /**
     * Empties the snapshot and lets the statistics say so, then fills it with 200,000 rows behind their back, and
     * stages the same ids, every one changed.
     */
    private static void snapshotBelievedEmptyButFull(Statement st) throws Exception {
        st.execute("truncate daily_snapshot");
        st.execute("analyze daily_snapshot");
        st.execute("insert into daily_snapshot (source, id, user_id, amount, status, created_at, attributes, load_id, "
                + "first_seen_at, updated_at) select 'plan', 'plan-' || g, 'u' || (g % 100), 1.00, 'active', now(), "
                + "'{}', gen_random_uuid(), now(), now() from generate_series(1, 200000) g");
        st.execute("create temp table staged on commit drop as select 1 as seq, g as pos, 'plan-' || g as id, "
                + "'u' || (g % 100) as user_id, 2.00::numeric as amount, 'active' as status, "
                + "now() as created_at, '{}'::jsonb as attributes from generate_series(1, 200000) g");
    }

    private static String explain(Connection c, String sql, Object... parameters) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("explain " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
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

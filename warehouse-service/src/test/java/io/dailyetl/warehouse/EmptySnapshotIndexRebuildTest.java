package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.commit;
import static io.dailyetl.warehouse.Api.open;
import static io.dailyetl.warehouse.Api.putBatch;
import static io.dailyetl.warehouse.Api.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A load into an empty snapshot inserts its rows without the snapshot's indexes and builds them afterwards. What
 * it must still guarantee: the same rows as the usual merge (last occurrence wins), the same indexes afterwards
 * (unique primary key, created_at), and no wait on a reader that holds the snapshot: it merges the usual way then.
 * Each test empties the shared snapshot first (as the superuser: the runtime role may not).
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class EmptySnapshotIndexRebuildTest {

    /**
     * The one source of this class's loads: a record is identified by its source and its id, so the loads that
     * change a record come from the same source.
     */
    private static final String SOURCE = Api.uniqueSource();

    @Test
    void aLoadIntoAnEmptySnapshotBuildsItsIndexesAfterTheInsert() throws Exception {
        // given an empty snapshot, and a load whose id 1 comes three times (the last, in batch 1, must win)
        emptySnapshot();
        Map<String, Long> before = snapshotIndexes();
        String prefix = Api.uniquePrefix();
        String at = Api.uniqueWeek() + "T08:00:00Z";
        String loadId = open(SOURCE);
        putBatch(loadId, 1, List.of(record(prefix + "1", "u", "3.00", "active", at)), List.of())
                .statusCode(200);
        putBatch(
                        loadId,
                        0,
                        List.of(
                                record(prefix + "1", "u", "1.00", "active", at),
                                record(prefix + "1", "u", "2.00", "active", at),
                                record(prefix + "2", "u", "7.00", "active", at)),
                        List.of())
                .statusCode(200);

        // when it commits
        commit(loadId, 2, 4, 0)
                .statusCode(200)
                .body("inserted", is(2))
                .body("updated", is(0))
                .body("duplicates", is(2));

        // then the rows are those of the usual merge
        assertThat(Api.snapshotCount(prefix)).isEqualTo(2);
        assertThat((BigDecimal) Api.snapshotRow(prefix + "1").get("amount")).isEqualByComparingTo("3.00");
        assertThat((BigDecimal) Api.snapshotRow(prefix + "2").get("amount")).isEqualByComparingTo("7.00");
        // and both indexes are there again, valid, as new indexes (built by this commit, not kept)
        Map<String, Long> after = snapshotIndexes();
        assertThat(after).containsOnlyKeys("daily_snapshot_pkey", "daily_snapshot_created_at");
        assertThat(after.get("daily_snapshot_pkey")).isNotEqualTo(before.get("daily_snapshot_pkey"));
        assertThat(after.get("daily_snapshot_created_at")).isNotEqualTo(before.get("daily_snapshot_created_at"));
        assertThat(indexDefinitions())
                .containsExactly(
                        "CREATE INDEX daily_snapshot_created_at ON public.daily_snapshot USING btree (created_at)",
                        "CREATE UNIQUE INDEX daily_snapshot_pkey ON public.daily_snapshot USING btree (source, id)");
        assertThat(isPrimaryKeyValid()).isTrue();
    }

    @Test
    void aLoadIntoASnapshotWithRowsKeepsItsIndexes() throws Exception {
        // given a snapshot that is not empty
        emptySnapshot();
        String at = Api.uniqueWeek() + "T08:00:00Z";
        Api.load(SOURCE, List.of(List.of(record(Api.uniquePrefix() + "1", "u", "1.00", "active", at))));
        Map<String, Long> before = snapshotIndexes();

        // when another load commits, with a new row and a changed one
        String prefix = Api.uniquePrefix();
        Api.load(SOURCE, List.of(List.of(record(prefix + "1", "u", "1.00", "active", at))));
        Api.load(
                        SOURCE,
                        List.of(List.of(
                                record(prefix + "1", "u", "9.00", "active", at),
                                record(prefix + "2", "u", "2.00", "active", at))))
                .body("inserted", is(1))
                .body("updated", is(1));

        // then the indexes are the same ones: the usual merge ran
        assertThat(snapshotIndexes()).isEqualTo(before);
        assertThat((BigDecimal) Api.snapshotRow(prefix + "1").get("amount")).isEqualByComparingTo("9.00");
    }

    @Test
    void aReaderHoldingTheEmptySnapshotMakesTheLoadMergeTheUsualWay() throws Exception {
        // given an empty snapshot that a reader holds in an open transaction (as a long report query would)
        emptySnapshot();
        Map<String, Long> before = snapshotIndexes();
        try (Connection reader = TestDatabase.shared().connect()) {
            reader.setAutoCommit(false);
            try (Statement st = reader.createStatement();
                    ResultSet rs = st.executeQuery("select count(*) from daily_snapshot")) {
                assertThat(rs.next()).isTrue();
            }

            // when a load commits (the test profile waits 1 s for the reader)
            String prefix = Api.uniquePrefix();
            String at = Api.uniqueWeek() + "T08:00:00Z";
            Api.load(SOURCE, List.of(Api.records(prefix, 5, LocalDate.parse(at.substring(0, 10)))))
                    .body("inserted", is(5));

            // then it did not wait for the reader to finish: it merged with the indexes in place
            assertThat(Api.snapshotCount(prefix)).isEqualTo(5);
            assertThat(snapshotIndexes()).isEqualTo(before);
            reader.rollback();
        }
    }

    @Test
    void theIndexFunctionsAreTheRuntimeRolesAloneAndDropNothingOfASnapshotWithRows() throws Exception {
        // given a snapshot with a row
        emptySnapshot();
        Api.load(
                SOURCE,
                List.of(List.of(
                        record(Api.uniquePrefix() + "1", "u", "1.00", "active", Api.uniqueWeek() + "T08:00:00Z"))));
        Map<String, Long> before = snapshotIndexes();
        try (Connection c = TestDatabase.shared().connect();
                Statement st = c.createStatement()) {
            // when the drop function is asked to drop the indexes of a snapshot that has rows
            try (ResultSet rs = st.executeQuery("select daily_snapshot_drop_indexes(0)")) {
                rs.next();
                // then it refuses, and nothing changed
                assertThat(rs.getBoolean(1)).isFalse();
            }
            assertThat(snapshotIndexes()).isEqualTo(before);

            // and PUBLIC may not run either function, while the runtime role may
            try (ResultSet rs = st.executeQuery("select has_function_privilege('public', "
                    + "'daily_snapshot_drop_indexes(bigint)', 'execute'), has_function_privilege('public', "
                    + "'daily_snapshot_restore_indexes()', 'execute'), has_function_privilege('" + TestDatabase.APP
                    + "', 'daily_snapshot_drop_indexes(bigint)', 'execute')")) {
                rs.next();
                assertThat(List.of(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3)))
                        .containsExactly(false, false, true);
            }
        }
    }

    /** Empties daily_snapshot as the superuser (the runtime role may not). */
    private static void emptySnapshot() throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                Statement st = c.createStatement()) {
            st.execute("truncate daily_snapshot");
        }
    }

    /** The snapshot's indexes by name, with their object ids (a rebuilt index has a new one). */
    private static Map<String, Long> snapshotIndexes() throws SQLException {
        Map<String, Long> indexes = new TreeMap<>();
        try (Connection c = TestDatabase.shared().connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "select c.relname, c.oid from pg_index i join pg_class c on c.oid = i.indexrelid "
                                + "where i.indrelid = 'daily_snapshot'::regclass and i.indisvalid")) {
            while (rs.next()) {
                indexes.put(rs.getString(1), rs.getLong(2));
            }
        }
        return indexes;
    }

    private static List<String> indexDefinitions() throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery(
                        "select indexdef from pg_indexes where tablename = 'daily_snapshot' order by indexname")) {
            List<String> defs = new ArrayList<>();
            while (rs.next()) {
                defs.add(rs.getString(1));
            }
            return defs;
        }
    }

    private static boolean isPrimaryKeyValid() throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select count(*) = 1 from pg_constraint "
                        + "where conrelid = 'daily_snapshot'::regclass and contype = 'p' and conname = 'daily_snapshot_pkey' "
                        + "and convalidated")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }
}

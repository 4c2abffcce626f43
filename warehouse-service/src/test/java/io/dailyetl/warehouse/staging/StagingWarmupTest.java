package io.dailyetl.warehouse.staging;

import static org.assertj.core.api.Assertions.assertThat;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.TestDatabase;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The start-up warm-up runs the staging path on made-up batches and stores nothing. */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class StagingWarmupTest {

    @Inject
    StagingWarmup warmUp;

    @Test
    void theWarmUpStagesEveryMadeUpRecordAndLeavesNoLoadNoTableAndNoRow() throws Exception {
        // given what the database holds now
        long[] before = state();

        // when the warm-up runs
        long rows = warmUp.run();

        // then every made-up record went through validation and COPY, and nothing of it stayed
        assertThat(rows).isEqualTo((long) StagingWarmup.BATCHES * StagingWarmup.RECORDS);
        assertThat(state()).containsExactly(before);
    }

    /** Loads, staging tables, snapshot rows with the warm-up's ids. */
    private static long[] state() throws Exception {
        try (Connection c = TestDatabase.shared().connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select (select count(*) from load_ledger), "
                        + "(select count(*) from pg_tables where schemaname = 'staging'), "
                        + "(select count(*) from daily_snapshot where id like 'warm-up-%')")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }
}

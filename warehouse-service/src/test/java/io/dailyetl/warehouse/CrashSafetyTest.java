package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.TestDatabase;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the warehouse does when the database loses staged rows, when a commit cannot get the merge lock, and how
 * a live sender keeps its load. PostgreSQL's crash recovery empties unlogged tables; here that is done by hand
 * (TRUNCATE / DELETE of the staging table) so the commit's check can be tried exactly; the fault suite in
 * devstack crashes a real server.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class CrashSafetyTest {

    @Test
    @Documents("http-api: POST /api/loads/{loadId}/commit 409 staging-lost")
    @Documents("errors: 409 urn:daily-etl:staging-lost")
    @Documents("troubleshooting: commit answers 409 `urn:daily-etl:staging-lost`")
    void commitAfterStagingWasEmptiedIsRefusedNamingEveryBatch() throws SQLException {
        // given a load with three staged batches, and a snapshot row of the same source's ids from before
        String prefix = Api.uniquePrefix();
        LocalDate day = Api.uniqueWeek();
        Api.load(Api.uniqueSource(), List.of(Api.records(prefix + "old-", 2, day)))
                .statusCode(200);
        String loadId = Api.open(Api.uniqueSource());
        for (int seq = 0; seq < 3; seq++) {
            Api.putBatch(loadId, seq, Api.records(prefix + seq + "-", 10, day), List.of())
                    .statusCode(200);
        }

        // when PostgreSQL's crash recovery empties the unlogged staging table
        sql("truncate staging.load_" + loadId.replace("-", ""));

        // then the commit is refused with the lost batches named, nothing is merged, and the load stays OPEN
        Api.commit(loadId, 3, 30, 0)
                .statusCode(409)
                .body("type", is("urn:daily-etl:staging-lost"))
                .body("detail", containsString("30 of 30 staged records are missing (batches [0, 1, 2]"));
        assertThat(Api.snapshotCount(prefix)).isEqualTo(2);
        api().when().get("/api/loads/{id}", loadId).then().statusCode(200).body("status", is("OPEN"));
    }

    @Test
    void commitMissingOneBatchNamesOnlyThatBatch() throws SQLException {
        String prefix = Api.uniquePrefix();
        LocalDate day = Api.uniqueWeek();
        String loadId = Api.open(Api.uniqueSource());
        for (int seq = 0; seq < 3; seq++) {
            Api.putBatch(loadId, seq, Api.records(prefix + seq + "-", 10, day), List.of())
                    .statusCode(200);
        }

        sql("delete from staging.load_" + loadId.replace("-", "") + " where seq = 1");

        Api.commit(loadId, 3, 30, 0)
                .statusCode(409)
                .body("type", is("urn:daily-etl:staging-lost"))
                .body("detail", containsString("10 of 30 staged records are missing (batches [1]"));
        assertThat(Api.snapshotCount(prefix)).isZero();

        // and a retried commit meets the same check, while an abort and a fresh load go through
        Api.commit(loadId, 3, 30, 0).statusCode(409).body("type", is("urn:daily-etl:staging-lost"));
        api().when().post("/api/loads/{id}/abort", loadId).then().statusCode(200);
        Api.load(Api.uniqueSource(), List.of(Api.records(prefix, 10, day))).statusCode(200);
        assertThat(Api.snapshotCount(prefix)).isEqualTo(10);
    }

    @Test
    @Documents("http-api: POST /api/loads/{loadId}/commit 503 merge-busy")
    @Documents("errors: 503 urn:daily-etl:merge-busy")
    @Documents("troubleshooting: commit answers 503 `urn:daily-etl:merge-busy`")
    void commitWaitsForTheMergeLockOnlyAsLongAsAllowed() throws SQLException {
        // given another transaction holding the merge lock (as a long merge would)
        String prefix = Api.uniquePrefix();
        String loadId = Api.open(Api.uniqueSource());
        Api.putBatch(loadId, 0, Api.records(prefix, 5, Api.uniqueWeek()), List.of())
                .statusCode(200);
        try (Connection holder = TestDatabase.shared().connect()) {
            holder.setAutoCommit(false);
            try (Statement st = holder.createStatement()) {
                st.execute("select pg_advisory_xact_lock(" + 0x6461696c795f736eL + ")");
            }

            // when the load commits, it gives up after warehouse.commit.lock-wait with 503 and merges nothing
            Api.commit(loadId, 1, 5, 0)
                    .statusCode(503)
                    .body("type", is("urn:daily-etl:merge-busy"))
                    .body("detail", containsString("warehouse.commit.lock-wait"));
            assertThat(Api.snapshotCount(prefix)).isZero();
            api().when().get("/api/loads/{id}", loadId).then().body("status", is("OPEN"));
            holder.rollback();
        }

        // then, the lock released, the same commit goes through
        Api.commit(loadId, 1, 5, 0).statusCode(200).body("inserted", is(5));
        assertThat(Api.snapshotCount(prefix)).isEqualTo(5);
    }

    @Test
    @Documents("http-api: POST /api/loads/{loadId}/heartbeat 200")
    @Documents("http-api: POST /api/loads/{loadId}/heartbeat 409 conflict")
    void heartbeatKeepsAnIdleLoadAliveAndAnExpiredOneCannotBeRevived() throws SQLException {
        // given an open load whose lease is about to run out
        String loadId = Api.open(Api.uniqueSource());
        sql("update load_ledger set lease_expires_at = now() + interval '2 seconds' where id = '" + loadId + "'");

        // when its sender says it is alive
        String answered = api().when()
                .post("/api/loads/{id}/heartbeat", loadId)
                .then()
                .statusCode(200)
                .body("loadId", is(loadId))
                .body("status", is("OPEN"))
                .extract()
                .path("leaseExpiresAt");

        // then the answer carries the new lease
        assertThat(OffsetDateTime.parse(answered).toInstant().truncatedTo(ChronoUnit.MILLIS))
                .isEqualTo(leaseOf(loadId).toInstant().truncatedTo(ChronoUnit.MILLIS));

        // then the lease runs a full warehouse.load.lease (90 s by default) from now again
        assertThat(Duration.between(dbNow(), leaseOf(loadId)).toSeconds()).isBetween(80L, 90L);

        // and once a lease has run out, a heartbeat cannot bring the load back
        Api.lapseLease(loadId);
        api().when()
                .post("/api/loads/{id}/heartbeat", loadId)
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:conflict"))
                .body("detail", containsString("EXPIRED"));
        api().when().get("/api/loads/{id}", loadId).then().body("status", is("EXPIRED"));
    }

    private static OffsetDateTime leaseOf(String loadId) throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps =
                        c.prepareStatement("select lease_expires_at from load_ledger where id = ?::uuid")) {
            ps.setString(1, loadId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getObject(1, OffsetDateTime.class);
            }
        }
    }

    private static OffsetDateTime dbNow() throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select now()")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class);
        }
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }
}

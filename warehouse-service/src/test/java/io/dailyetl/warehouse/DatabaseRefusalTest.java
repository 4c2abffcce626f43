package io.dailyetl.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.TestDatabase;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The database refusing a batch for want of a resource (a full disk: SQLSTATE 53100) is answered with what the
 * database said, not a bare 500: a trigger on {@code load_batch} raises what PostgreSQL raises when it cannot extend
 * a file, for this test's load alone.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class DatabaseRefusalTest {

    private static final String DISK_FULL = "could not extend file \"base/16384/16385\": No space left on device";

    @Test
    @Documents("http-api: PUT /api/loads/{loadId}/batches/{seq} 503 database-refused")
    @Documents("errors: 503 urn:daily-etl:database-refused")
    void aBatchTheDatabaseRefusesForAFullDiskIs503NamingTheDatabasesMessageAndSqlstate() throws SQLException {
        // given an OPEN load whose batches the database refuses as a full disk does
        String loadId = Api.open(Api.uniqueSource());
        String prefix = Api.uniquePrefix();
        String trigger = "disk_full_" + UUID.randomUUID().toString().replace("-", "");
        admin("create function " + trigger + "() returns trigger language plpgsql as $$ begin "
                + "raise exception using errcode = '53100', message = '" + DISK_FULL.replace("'", "''")
                + "'; end $$");
        admin("create trigger " + trigger + " before insert or update on load_batch for each row "
                + "when (new.load_id = '" + loadId + "') execute function " + trigger + "()");
        try {
            // when a batch is sent
            String detail = Api.putBatch(loadId, 0, Api.records(prefix, 3, Api.uniqueWeek()), List.of())
                    // then it is answered 503 database-refused
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .body("type", is("urn:daily-etl:database-refused"))
                    .body("title", is("Service unavailable"))
                    .extract()
                    .path("detail");

            // and the detail names the database's own message and its SQLSTATE, and nothing was staged
            assertThat(detail).isEqualTo("the database refused it: " + DISK_FULL + " (SQLSTATE 53100: disk full)");
            Api.api()
                    .get("/api/loads/{id}", loadId)
                    .then()
                    .body("status", is("OPEN"))
                    .body("records", is(0));
        } finally {
            admin("drop trigger " + trigger + " on load_batch");
            admin("drop function " + trigger + "()");
        }

        // and once the database takes it again, the same batch stages
        Api.putBatch(loadId, 0, Api.records(prefix, 3, Api.uniqueWeek()), List.of())
                .statusCode(200)
                .body("records", is(3));
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}

package io.dailyetl.warehouse;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

import io.dailyetl.testing.CrashablePostgres;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The warehouse with its database gone: a PostgreSQL of its own that the test stops the way a crash would, then
 * starts again. Readiness says DOWN, a request that needs the database is answered 503, and both recover.
 */
@QuarkusTest
@WithTestResource(DatabaseDownTest.OwnPostgres.class)
class DatabaseDownTest {

    @Test
    @Documents("troubleshooting: readiness DOWN")
    @Documents("http-api: POST /api/loads/{loadId}/commit 503 about:blank")
    void withTheDatabaseUnreachableReadinessIsDownAndACommitIs503UntilItIsBack() {
        // given a ready warehouse with a load staged
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"));
        String loadId = Api.open(Api.uniqueSource());
        Api.putBatch(loadId, 0, Api.records(Api.uniquePrefix(), 2, Api.uniqueWeek()), List.of())
                .statusCode(200);

        // when its database goes away
        OwnPostgres.server().crash();
        try {
            // then readiness is DOWN, naming the database check
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> given().get("/q/health/ready")
                            .then()
                            .statusCode(503)
                            .body("status", is("DOWN"))
                            .body("checks.find { it.name.contains('Database') }.status", is("DOWN")));

            // and the commit is answered 503 about:blank, saying to try again later
            Api.commit(loadId, 1, 2, 0)
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .body("type", is("about:blank"))
                    .body("detail", containsString("try again later"));
        } finally {
            OwnPostgres.server().start();
        }

        // and once the database is back, the warehouse is ready again
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }

    /** A PostgreSQL for this class alone, which its test may crash; stopped with the class's application. */
    public static class OwnPostgres implements QuarkusTestResourceLifecycleManager {

        private static CrashablePostgres server;

        static synchronized CrashablePostgres server() {
            if (server == null) {
                server = CrashablePostgres.startNew();
            }
            return server;
        }

        @Override
        public Map<String, String> start() {
            CrashablePostgres pg = server();
            return Map.of(
                    "quarkus.datasource.jdbc.url", pg.jdbcUrl(),
                    "quarkus.datasource.username", pg.username(),
                    "quarkus.datasource.password", pg.password());
        }

        @Override
        public synchronized void stop() {
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }
}

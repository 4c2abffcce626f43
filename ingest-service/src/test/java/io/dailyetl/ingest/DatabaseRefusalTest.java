package io.dailyetl.ingest;

import static io.dailyetl.ingest.Fixtures.clean;
import static io.dailyetl.ingest.Fixtures.servePages;
import static io.dailyetl.ingest.Fixtures.source;
import static io.dailyetl.ingest.Fixtures.startRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dailyetl.testing.WarehouseResource;
import io.dailyetl.testing.docs.Documents;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;

/**
 * The warehouse's PostgreSQL refuses every batch as a full disk does (SQLSTATE 53100, "could not extend file"): the
 * run ends FAILED at once, naming what the database answered, classified DATABASE, instead of retrying until its
 * load is lost and failing with that later symptom. A trigger on {@code load_batch} refuses the batches of this
 * test's own source alone, and is dropped afterwards.
 */
@QuarkusTest
@TestProfile(SharedSources.class)
@WithTestResource(WarehouseResource.class)
class DatabaseRefusalTest {

    /** A source of this test's own ({@link SharedSources}), so that its trigger refuses nobody else's batches. */
    static final String SOURCE = "disk-full-" + UUID.randomUUID().toString().substring(0, 8);

    private static final String DISK_FULL = "could not extend file \"base/16384/16385\": No space left on device";
    private static final String ROW = "troubleshooting: a run FAILED with kind `DATABASE`";

    @Test
    @Documents("troubleshooting: a run FAILED with kind `DATABASE`")
    void aRunWhoseBatchesTheDatabaseRefusesForAFullDiskFailsAtOnceNamingTheDatabasesAnswer() throws SQLException {
        // given a source of three pages, and a database that refuses this source's batches as a full disk does
        source().resetAll();
        String prefix = Fixtures.uniquePrefix();
        LocalDate day = Fixtures.uniqueWeek();
        servePages(List.of(clean(prefix, 2, day), clean(prefix, 2, day), clean(prefix, 2, day)));
        String trigger = "disk_full_" + UUID.randomUUID().toString().replace("-", "");
        Fixtures.sql("create function " + trigger + "() returns trigger language plpgsql as $$ begin "
                + "if exists (select 1 from load_ledger where id = new.load_id and source = '" + SOURCE + "') then "
                + "raise exception using errcode = '53100', message = '" + DISK_FULL.replace("'", "''") + "'; "
                + "end if; return new; end $$");
        Fixtures.sql("create trigger " + trigger + " before insert or update on load_batch for each row "
                + "execute function " + trigger + "()");
        Map<String, Object> run;
        try {
            // when a run runs
            String runId = startRun(SharedSources.DISK_FULL);
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> !"RUNNING"
                            .equals(Fixtures.api()
                                    .get("/api/runs/{id}", runId)
                                    .then()
                                    .extract()
                                    .path("status")));
            run = Fixtures.api()
                    .get("/api/runs/{id}", runId)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getMap("");
        } finally {
            Fixtures.sql("drop trigger " + trigger + " on load_batch");
            Fixtures.sql("drop function " + trigger + "()");
        }

        // then it ended FAILED within seconds (the tests' lease is 6 s: no lease ran out), on its first attempt
        Duration took = Duration.between(
                Instant.parse((String) run.get("startedAt")), Instant.parse((String) run.get("finishedAt")));
        assertThat(took).as("from start to FAILED").isLessThan(Duration.ofSeconds(5));
        assertThat(run)
                .containsEntry("status", "FAILED")
                .containsEntry("errorKind", "DATABASE")
                .containsEntry("errorTransient", true);
        assertThat((List<?>) run.get("attempts")).hasSize(1);

        // and its error names the database's answer and its SQLSTATE, as README's troubleshooting row quotes it
        String error = (String) run.get("error");
        assertThat(error)
                .contains("the database refused it: " + DISK_FULL + " (SQLSTATE 53100: disk full)")
                .doesNotContain("lost its load")
                .doesNotContain("EXPIRED");
        Fixtures.assertShowsQuotes(error, ROW);

        // and its load was aborted, and the warehouse's run history shows the same kind
        Fixtures.warehouse()
                .get("/api/loads/{id}", (String) run.get("loadId"))
                .then()
                .body("status", Matchers.is("ABORTED"));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> Fixtures.warehouse()
                        .get("/api/runs/{id}", (String) run.get("runId"))
                        .then()
                        .statusCode(200)
                        .body("status", Matchers.is("FAILED"))
                        .body("errorKind", Matchers.is("DATABASE"))
                        .body("errorTransient", Matchers.is(true))
                        .body("error", Matchers.containsString("SQLSTATE 53100")));
    }
}

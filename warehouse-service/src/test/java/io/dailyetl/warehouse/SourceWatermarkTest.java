package io.dailyetl.warehouse;

import static io.dailyetl.warehouse.Api.api;
import static io.dailyetl.warehouse.Api.commit;
import static io.dailyetl.warehouse.Api.open;
import static io.dailyetl.warehouse.Api.putBatch;
import static io.dailyetl.warehouse.Api.records;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.dailyetl.testing.PostgresResource;
import io.dailyetl.testing.TestDatabase;
import io.dailyetl.testing.docs.Documents;
import io.dailyetl.warehouse.watermark.WatermarkGauges;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A source's watermark moves only with a commit that carries a later one, in the commit's own transaction: never
 * backwards, never by a load that did not commit, and never apart from the rows it describes.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
class SourceWatermarkTest {

    private static final String DAY_1 = "2026-11-01T10:00:00Z";
    private static final String DAY_2 = "2026-11-02T10:00:00Z";
    private static final String DAY_3 = "2026-11-03T10:00:00Z";

    @Inject
    WatermarkGauges gauges;

    @Test
    @Documents("http-api: POST /api/loads/{loadId}/commit 200")
    @Documents("http-api: GET /api/sources/{source}/watermark 200")
    void aCommitWithAWatermarkMovesItAndRecordsEachMove() {
        // given a source without a watermark
        String source = Api.uniqueSource();

        // when a load commits with day 1's watermark, then one with day 2's
        String first = stagedLoad(source);
        commit(first, 1, 2, 0, DAY_1)
                .statusCode(200)
                .body("status", is("COMMITTED"))
                .body("inserted", is(2))
                .body("updated", is(0))
                .body("unchanged", is(0))
                .body("duplicates", is(0))
                .body("rejects", is(0))
                .body("watermark", is(DAY_1))
                .body("watermarkMoved", is(true));
        String second = stagedLoad(source);
        commit(second, 1, 2, 0, DAY_2)
                .statusCode(200)
                .body("watermark", is(DAY_2))
                .body("watermarkMoved", is(true));

        // then the source's watermark is day 2's, moved by the second load, and the history has both moves,
        // newest first, each with where it came from
        JsonPath answer = watermark(source).statusCode(200).extract().jsonPath();
        assertThat(answer.getString("source")).isEqualTo(source);
        assertThat(answer.getString("watermark")).isEqualTo(DAY_2);
        assertThat(answer.getString("loadId")).isEqualTo(second);
        assertThat(Instant.parse(answer.getString("movedAt"))).isCloseTo(Instant.now(), within(60, ChronoUnit.SECONDS));
        assertThat(answer.getList("history.watermark")).containsExactly(DAY_2, DAY_1);
        assertThat(answer.getList("history.previous")).containsExactly(DAY_1, null);
        assertThat(answer.getList("history.loadId")).containsExactly(second, first);
        assertThat(answer.getString("history[0].movedAt")).isEqualTo(answer.getString("movedAt"));
        // and a limit keeps the newest
        assertThat(api().queryParam("limit", 1)
                        .get("/api/sources/{s}/watermark", source)
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("history.watermark"))
                .containsExactly(DAY_2);
    }

    @Test
    void aWatermarkWithAnOffsetOrNanosecondsIsStoredAsAnInstantAtMicroseconds() {
        // given a source
        String source = Api.uniqueSource();

        // when a load commits a watermark written with an offset and nine decimals
        commit(stagedLoad(source), 1, 2, 0, "2026-11-01T12:00:00.123456789+02:00")
                .statusCode(200)

                // then it is answered and kept as the same instant in UTC, cut to PostgreSQL's microseconds
                .body("watermark", is("2026-11-01T10:00:00.123456Z"));
        watermark(source).body("watermark", is("2026-11-01T10:00:00.123456Z"));
    }

    @Test
    void anOlderOrEqualWatermarkNeverMovesItBack() {
        // given a source whose watermark is day 2's
        String source = Api.uniqueSource();
        String mover = stagedLoad(source);
        commit(mover, 1, 2, 0, DAY_2).statusCode(200);

        // when a backfill of day 1 commits day 1's watermark, and a repeat of day 2 its own
        commit(stagedLoad(source), 1, 2, 0, DAY_1)
                .statusCode(200)
                .body("watermark", is(DAY_2))
                .body("watermarkMoved", is(false));
        commit(stagedLoad(source), 1, 2, 0, DAY_2)
                .statusCode(200)
                .body("watermark", is(DAY_2))
                .body("watermarkMoved", is(false));

        // then it is still day 2's, moved by the first load, with one move in its history
        watermark(source).body("watermark", is(DAY_2)).body("loadId", is(mover)).body("history.size()", is(1));
    }

    @Test
    void aCommitWithoutAWatermarkLeavesItWhereItIs() {
        // given a source without a watermark: a commit without one answers none
        String source = Api.uniqueSource();
        commit(stagedLoad(source), 1, 2, 0)
                .statusCode(200)
                .body("watermark", nullValue())
                .body("watermarkMoved", is(false));
        watermark(source).statusCode(404);

        // and once it has one
        String mover = stagedLoad(source);
        commit(mover, 1, 2, 0, DAY_1).statusCode(200);

        // when a load commits without a watermark
        commit(stagedLoad(source), 1, 2, 0)
                .statusCode(200)
                .body("watermark", is(DAY_1))
                .body("watermarkMoved", is(false));

        // then it stays where it was
        watermark(source).body("watermark", is(DAY_1)).body("loadId", is(mover)).body("history.size()", is(1));
    }

    @Test
    void anAbortedAnExpiredOrARefusedLoadNeverMovesItThoughItCarriesALaterOne() throws SQLException {
        // given a source whose watermark is day 1's
        String source = Api.uniqueSource();
        String mover = stagedLoad(source);
        commit(mover, 1, 2, 0, DAY_1).statusCode(200);

        // when a load is aborted, then tries to commit day 3's watermark
        String aborted = stagedLoad(source);
        api().post("/api/loads/{id}/abort", aborted).then().statusCode(200);
        commit(aborted, 1, 2, 0, DAY_3).statusCode(409);
        // and a load whose lease ran out tries it
        String expired = stagedLoad(source);
        Api.lapseLease(expired);
        commit(expired, 1, 2, 0, DAY_3).statusCode(409);
        // and a load whose counts differ from what it staged tries it
        String refused = stagedLoad(source);
        commit(refused, 1, 3, 0, DAY_3).statusCode(409);

        // then the watermark is still day 1's, with only its own move in the history
        watermark(source).body("watermark", is(DAY_1)).body("loadId", is(mover)).body("history.size()", is(1));
        api().get("/api/loads/{id}", refused).then().body("status", is("OPEN"));
    }

    @Test
    @Documents("http-api: POST /api/loads/{loadId}/commit 400 invalid-request")
    void anInvalidWatermarkIsRefusedNamingItAndTheLoadStaysCommittable() throws SQLException {
        // given an OPEN load with a batch staged
        String source = Api.uniqueSource();
        String prefix = Api.uniquePrefix();
        String loadId = stagedLoad(source, prefix, 2);

        // when it commits with a watermark that is no instant, has no offset, is before 1970 or days ahead
        for (String invalid : List.of(
                "yesterday",
                "2026-11-01T10:00:00",
                "2026-11-01",
                "1969-12-31T23:59:59Z",
                Instant.now()
                        .plus(2, ChronoUnit.DAYS)
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString())) {
            commit(loadId, 1, 2, 0, invalid)
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", is("urn:daily-etl:invalid-request"))
                    .body("errors[0].field", is("watermark"));
        }

        // then nothing was committed: the load is OPEN, its rows are not in the snapshot, the source has no watermark
        api().get("/api/loads/{id}", loadId).then().body("status", is("OPEN"));
        assertThat(Api.snapshotCount(prefix)).isZero();
        watermark(source).statusCode(404);
        // and the same load commits with a valid one
        commit(loadId, 1, 2, 0, DAY_1).statusCode(200).body("watermarkMoved", is(true));
        assertThat(Api.snapshotCount(prefix)).isEqualTo(2);
    }

    @Test
    @Documents("http-api: GET /api/sources/{source}/watermark 404 not-found")
    @Documents("http-api: GET /api/sources/{source}/watermark 400 invalid-request")
    void aSourceWithoutAWatermarkIsNotFound() {
        // when a source nobody loaded, or a name no source can have, is asked for
        for (String source : List.of(Api.uniqueSource(), "-not a source-")) {
            watermark(source)
                    .statusCode(404)
                    .contentType("application/problem+json")
                    .body("type", is("urn:daily-etl:not-found"));
        }
        // and a limit out of range is refused naming it
        api().queryParam("limit", 0)
                .get("/api/sources/{s}/watermark", Api.uniqueSource())
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("type", is("urn:daily-etl:invalid-request"))
                .body("errors[0].field", is("limit"));
    }

    @Test
    @Documents("errors: 500 about:blank")
    void theWatermarkAndTheMergedRowsCommitTogetherOrNotAtAll() throws SQLException {
        // given an OPEN load, and a source whose watermark cannot be written: a trigger that fails the upsert,
        // which the commit runs after its merge statement
        String source = Api.uniqueSource();
        String prefix = Api.uniquePrefix();
        String loadId = stagedLoad(source, prefix, 3);
        String trigger = "fail_" + UUID.randomUUID().toString().replace("-", "");
        admin("create function " + trigger + "() returns trigger language plpgsql as $$ begin "
                + "raise exception 'watermark write refused by the test'; end $$");
        admin("create trigger " + trigger + " before insert or update on source_watermark for each row "
                + "when (new.source = '" + source + "') execute function " + trigger + "()");
        try {
            // when the load commits with a watermark
            commit(loadId, 1, 3, 0, DAY_1)
                    .statusCode(500)
                    .contentType("application/problem+json")
                    .body("type", is("about:blank"))
                    .body("title", is("Internal server error"))
                    .body("detail", containsString("see the warehouse log"));

            // then the merge's rows were rolled back with the watermark: none in the snapshot, no watermark, the
            // load still OPEN with its staging
            assertThat(Api.snapshotCount(prefix)).isZero();
            watermark(source).statusCode(404);
            api().get("/api/loads/{id}", loadId)
                    .then()
                    .body("status", is("OPEN"))
                    .body("records", is(3));
            assertThat(Api.stagingExists(loadId)).isTrue();
        } finally {
            admin("drop trigger " + trigger + " on source_watermark");
            admin("drop function " + trigger + "()");
        }

        // and once the watermark can be written, the same commit puts both in
        commit(loadId, 1, 3, 0, DAY_1).statusCode(200).body("watermarkMoved", is(true));
        assertThat(Api.snapshotCount(prefix)).isEqualTo(3);
        watermark(source).body("watermark", is(DAY_1)).body("loadId", is(loadId));
    }

    @Test
    void theGaugeShowsEachSourcesWatermarkAndMovesWithIt() {
        // given a source whose watermark is day 1's
        String source = Api.uniqueSource();
        commit(stagedLoad(source), 1, 2, 0, DAY_1).statusCode(200);
        assertThat(gauge(source)).isEqualTo(epochSeconds(DAY_1));

        // when a commit moves it to day 2, and a backfill commits day 1 again
        commit(stagedLoad(source), 1, 2, 0, DAY_2).statusCode(200);
        commit(stagedLoad(source), 1, 2, 0, DAY_1).statusCode(200);

        // then the gauge says day 2
        assertThat(gauge(source)).isEqualTo(epochSeconds(DAY_2));
    }

    @Test
    void theGaugeShowsAWatermarkAnotherReplicaMovedOnceItRefreshes() throws SQLException {
        // given a watermark that another replica's commit wrote (this replica's gauge never heard of the source)
        String source = Api.uniqueSource();
        String someLoad = stagedLoad(source);
        admin("insert into source_watermark (source, watermark, load_id, moved_at) values ('" + source + "', '" + DAY_3
                + "', '" + someLoad + "', now())");
        assertThat(gauge(source)).isNull();

        // when the gauge refreshes from the database (every 15 s on its own; hourly in tests, so not by chance here)
        gauges.refresh();

        // then it shows it
        assertThat(gauge(source)).isEqualTo(epochSeconds(DAY_3));
    }

    /** Opens a load of {@code source} and stages one batch of two fresh records. */
    private static String stagedLoad(String source) {
        return stagedLoad(source, Api.uniquePrefix(), 2);
    }

    /** Opens a load of {@code source} and stages one batch of {@code count} records whose ids start with {@code prefix}. */
    private static String stagedLoad(String source, String prefix, int count) {
        String loadId = open(source);
        putBatch(loadId, 0, records(prefix, count, Api.uniqueWeek()), List.of()).statusCode(200);
        return loadId;
    }

    private static ValidatableResponse watermark(String source) {
        return api().get("/api/sources/{s}/watermark", source).then().log().ifValidationFails();
    }

    /** The value of {@code warehouse_source_watermark_timestamp_seconds} for the source in /q/metrics, or null. */
    private static Double gauge(String source) {
        String metrics =
                given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile(
                        "^warehouse_source_watermark_timestamp_seconds\\{[^}]*source=\"" + Pattern.quote(source)
                                + "\"[^}]*} (\\S+)$",
                        Pattern.MULTILINE)
                .matcher(metrics);
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }

    private static double epochSeconds(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = TestDatabase.shared().connect();
                Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}

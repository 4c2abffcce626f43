package io.dailyetl.ingest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.dailyetl.ingest.Fixtures.api;
import static io.dailyetl.ingest.Fixtures.awaitRun;
import static io.dailyetl.ingest.Fixtures.json;
import static io.dailyetl.ingest.Fixtures.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.dailyetl.testing.TestDatabase;
import io.dailyetl.testing.WarehouseResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Incremental mode against the real warehouse (its watermark, committed with the data) and WireMock as a source with
 * a changed-since filter: day 1 pulls everything, day 2 only what changed since the watermark less the look-back (the
 * overlap counted unchanged), a day whose commit is refused leaves the watermark where it was and its retry asks for
 * the same window, a backfill window and a full pull never move it back. The scenario runs in order on one source of
 * its own; the source's data is the test's own records, so the snapshot's truth is known here.
 */
@QuarkusTest
@TestProfile(SharedSources.class)
@WithTestResource(WarehouseResource.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IncrementalRunTest {

    static final String SOURCE = "incremental-" + UUID.randomUUID().toString().substring(0, 8);
    /** Day 1's first change, three days ago (a watermark never goes past a run's start). */
    static final Instant T0 = Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);

    static final String P = Fixtures.uniquePrefix();
    static final LocalDate CREATED = Fixtures.uniqueWeek();

    // day 1: a, b, c; day 2: b changed, d new (c is re-served: it lies in the look-back); day 3: e new
    static final Map<String, Object> A = record("a", "1.00", T0);
    static final Map<String, Object> B = record("b", "2.00", T0.plus(10, ChronoUnit.MINUTES));
    static final Map<String, Object> C = record("c", "3.00", T0.plus(2, ChronoUnit.HOURS));
    static final Map<String, Object> B2 = record("b", "20.00", T0.plus(1, ChronoUnit.DAYS));
    static final Map<String, Object> D =
            record("d", "4.00", T0.plus(1, ChronoUnit.DAYS).plusSeconds(60));
    static final Map<String, Object> E = record("e", "5.00", T0.plus(2, ChronoUnit.DAYS));

    @Test
    @Order(1)
    void firstRunWithoutAWatermarkPullsEverythingAndSetsIt() {
        // given a source without a watermark, serving everything when asked without a lower bound
        source().resetAll();
        serve(unbounded(), List.of(List.of(A, B, C)));

        // when the first run runs
        JsonPath run = run(null);

        // then it pulled everything, all new, and the watermark is the highest change time it saw
        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(run.getString("pull.mode")).isEqualTo("FULL");
        assertThat(run.getString("pull.watermarkAtStart")).isNull();
        assertThat(run.getInt("fetched")).isEqualTo(3);
        assertThat(run.getInt("inserted")).isEqualTo(3);
        assertThat(watermark()).isEqualTo(changed(C));
        assertThat(run.getString("pull.watermark")).isEqualTo(changed(C));
        assertThat(snapshot()).isEqualTo(Map.of(id(A), "1.00", id(B), "2.00", id(C), "3.00"));
    }

    @Test
    @Order(2)
    void nextRunAsksOnlyForWhatChangedSinceTheWatermarkLessTheLookBack() {
        // given a source that changed b and created d since day 1 (and serves c again: it is within the look-back)
        source().resetAll();
        serve(since(), List.of(List.of(C), List.of(B2, D)));

        double pulledBefore = metric("ingest_run_pulled_records_sum{source=\"" + SOURCE + "\"}");

        // when the next run runs
        JsonPath run = run(null);

        // then it asked from the watermark less one hour, on every request
        Instant expectedSince = Instant.parse(changed(C)).minus(Duration.ofHours(1));
        assertThat(requests())
                .hasSize(3)
                .allSatisfy(r -> assertThat(r.queryParameter("updated_since").firstValue())
                        .isEqualTo(expectedSince.toString()));
        // and split what it pulled: c unchanged (the overlap), b changed, d new; nothing added twice
        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(run.getString("pull.mode")).isEqualTo("INCREMENTAL");
        assertThat(run.getString("pull.since")).isEqualTo(expectedSince.toString());
        assertThat(run.getInt("fetched")).isEqualTo(3);
        assertThat(run.getInt("inserted")).isEqualTo(1);
        assertThat(run.getInt("updated")).isEqualTo(1);
        assertThat(run.getInt("unchanged")).isEqualTo(1);
        assertThat(snapshot()).isEqualTo(Map.of(id(A), "1.00", id(B), "20.00", id(C), "3.00", id(D), "4.00"));
        assertThat(watermark()).isEqualTo(changed(D));
        // and the metrics say so: the records pulled, and the ids by change
        assertThat(metric("ingest_run_pulled_records_sum{source=\"" + SOURCE + "\"}") - pulledBefore)
                .isEqualTo(3.0);
        assertThat(metric("ingest_last_run_ids{change=\"new\",source=\"" + SOURCE + "\"}"))
                .isEqualTo(1.0);
        assertThat(metric("ingest_last_run_ids{change=\"changed\",source=\"" + SOURCE + "\"}"))
                .isEqualTo(1.0);
        assertThat(metric("ingest_last_run_ids{change=\"unchanged\",source=\"" + SOURCE + "\"}"))
                .isEqualTo(1.0);
    }

    @Test
    @Order(3)
    void dayWhoseCommitIsRefusedLeavesTheWatermarkAndItsRetryAsksForTheSameWindow() throws Exception {
        // given day 3's changes over several pages, the third slow, so the run is caught with batches staged
        source().resetAll();
        List<List<Map<String, Object>>> pages = new ArrayList<>();
        pages.add(List.of(D));
        for (int p = 0; p < 3; p++) {
            List<Map<String, Object>> page = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                page.add(record("f" + p + i, "1.00", T0.plus(2, ChronoUnit.DAYS).minusSeconds(60 * (p * 2 + i + 1))));
            }
            pages.add(page);
        }
        pages.add(List.of(E));
        serve(since(), pages);
        source().stubFor(pageStub(since(), 3)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(json(Map.of("results", pages.get(2))))
                        .withFixedDelay(3_000))
                .atPriority(1));
        String before = watermark();

        // when the staged rows of its load are lost mid-run (as a database crash loses them), so its commit is refused
        String runId = start(null);
        String lost = api().get("/api/runs/{id}", runId).then().extract().path("loadId");
        await().atMost(Duration.ofSeconds(20)).until(() -> Fixtures.stagedRows(lost) > 0);
        assertThat(watermark()).as("while the first attempt runs").isEqualTo(before);
        Fixtures.sql("truncate staging.load_" + lost.replace("-", ""));

        // then the run starts again on a new load, asking for the same window, and ends exact
        JsonPath run = awaitRunJson(runId);
        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(run.getList("attempts")).hasSize(2);
        Instant expectedSince = Instant.parse(before).minus(Duration.ofHours(1));
        assertThat(requests())
                .hasSizeGreaterThan(6)
                .allSatisfy(r -> assertThat(r.queryParameter("updated_since").firstValue())
                        .isEqualTo(expectedSince.toString()));
        assertThat(run.getInt("fetched")).isEqualTo(8);
        assertThat(run.getInt("inserted")).isEqualTo(7);
        assertThat(run.getInt("unchanged")).isEqualTo(1);
        assertThat(snapshot()).hasSize(11).containsEntry(id(E), "5.00").containsEntry(id(B), "20.00");
        // and the watermark moved once, by the load that committed, from day 2's
        JsonPath mark = Fixtures.warehouse()
                .get("/api/sources/{s}/watermark", SOURCE)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(mark.getString("watermark")).isEqualTo(changed(E));
        assertThat(mark.getString("history[0].loadId"))
                .isEqualTo(run.getString("loadId"))
                .isNotEqualTo(lost);
        assertThat(mark.getString("history[0].previous")).isEqualTo(before);
        Fixtures.warehouse().get("/api/loads/{id}", lost).then().body("status", Matchers.is("ABORTED"));
    }

    @Test
    @Order(4)
    void backfillOfAPastWindowPullsThatWindowAndLeavesTheWatermark() {
        // given a source that answers a window with what changed in it
        source().resetAll();
        serve(window(), List.of(List.of(A, C)));
        String before = watermark();
        Instant from = T0;
        Instant to = T0.plus(3, ChronoUnit.HOURS);

        // when a backfill of that window runs
        JsonPath run = run(Map.of("from", from.toString(), "to", to.toString()));

        // then it asked for exactly that window, found nothing new, and left the watermark
        assertThat(requests()).hasSize(2).allSatisfy(r -> {
            assertThat(r.queryParameter("updated_since").firstValue()).isEqualTo(from.toString());
            assertThat(r.queryParameter("updated_before").firstValue()).isEqualTo(to.toString());
        });
        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(run.getString("pull.mode")).isEqualTo("BACKFILL");
        assertThat(run.getInt("unchanged")).isEqualTo(2);
        assertThat(run.getInt("inserted") + run.getInt("updated")).isZero();
        assertThat(watermark()).isEqualTo(before);
        assertThat(snapshot()).hasSize(11);
    }

    @Test
    @Order(5)
    void fullPullIgnoresTheWatermarkAndNeverMovesItBack() {
        // given a source that serves everything, its state older than the watermark
        source().resetAll();
        serve(unbounded(), List.of(List.of(A, B2, C, D)));
        String before = watermark();

        // when a full pull runs
        JsonPath run = run(Map.of("full", true));

        // then it asked without a bound, and the watermark did not go back to d's change time
        assertThat(requests())
                .hasSize(2)
                .allSatisfy(r -> assertThat(r.queryParameter("updated_since").isPresent())
                        .isFalse());
        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(run.getString("pull.mode")).isEqualTo("FULL");
        assertThat(run.getString("pull.watermarkAtStart")).isEqualTo(before);
        assertThat(run.getInt("unchanged")).isEqualTo(4);
        assertThat(watermark()).isEqualTo(before).isEqualTo(changed(E));
    }

    @Test
    @Order(6)
    void runThatFindsNothingChangedLeavesTheWatermark() {
        source().resetAll();
        serve(since(), List.of());
        String before = watermark();

        JsonPath run = run(null);

        assertThat(run.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(run.getInt("fetched")).isZero();
        assertThat(watermark()).isEqualTo(before);
        assertThat(run.getString("pull.watermark")).isEqualTo(before);
    }

    @Test
    @Order(7)
    void windowsThatCannotBePulledAreRefusedNamingTheField() {
        refused(Map.of("from", "yesterday"), "from");
        refused(Map.of("to", T0.toString()), "from");
        refused(Map.of("from", T0.toString(), "to", T0.toString()), "to");
        refused(Map.of("from", T0.toString(), "full", true), "full");
        refused(Map.of("from", Instant.now().plus(1, ChronoUnit.DAYS).toString()), "from");
        refused(Map.of("since", T0.toString()), "body");
        // a date is the start of that day in ingest.clean.zone (UTC)
        source().resetAll();
        serve(window(), List.of());
        serve(since(), List.of());
        JsonPath run = run(Map.of("from", "2026-11-24"));
        assertThat(run.getString("pull.since")).isEqualTo("2026-11-24T00:00:00Z");
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private static Map<String, Object> record(String key, String amount, Instant changed) {
        Map<String, Object> r = Fixtures.tx(P + key, P + "user", amount, "active", CREATED + "T10:00:00Z");
        r.put("updated_at", changed.toString());
        return r;
    }

    private static String id(Map<String, Object> record) {
        return (String) record.get("id");
    }

    private static String changed(Map<String, Object> record) {
        return (String) record.get("updated_at");
    }

    /** Query matchers: no bound; a lower bound only; both bounds. */
    private static Map<String, StringValuePattern> unbounded() {
        return Map.of("updated_since", absent(), "updated_before", absent());
    }

    private static Map<String, StringValuePattern> since() {
        return Map.of("updated_since", matching(".+"), "updated_before", absent());
    }

    private static Map<String, StringValuePattern> window() {
        return Map.of("updated_since", matching(".+"), "updated_before", matching(".+"));
    }

    private static MappingBuilder pageStub(Map<String, StringValuePattern> bounds, int page) {
        MappingBuilder stub =
                get(urlPathEqualTo("/transactions")).withQueryParam("page", equalTo(Integer.toString(page)));
        bounds.forEach(stub::withQueryParam);
        return stub;
    }

    /** Page N (from 1) serves pages.get(N-1) to requests with these bounds; the page after the last is empty. */
    private static void serve(Map<String, StringValuePattern> bounds, List<List<Map<String, Object>>> pages) {
        for (int i = 0; i <= pages.size(); i++) {
            List<Map<String, Object>> records = i < pages.size() ? pages.get(i) : List.of();
            source().stubFor(pageStub(bounds, i + 1)
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/json")
                            .withBody(json(Map.of("results", records)))));
        }
    }

    private static List<LoggedRequest> requests() {
        return source().findAll(getRequestedFor(urlPathEqualTo("/transactions")));
    }

    /** Starts a run of this test's source with what {@code body} asks for (null: nothing more). */
    private static String start(Map<String, Object> body) {
        return api().contentType(ContentType.JSON)
                .body(ofSource(body))
                .post("/api/runs")
                .then()
                .statusCode(202)
                .extract()
                .path("runId");
    }

    /** {@code body} with this test's source named ({@link SharedSources}). */
    private static Map<String, Object> ofSource(Map<String, Object> body) {
        Map<String, Object> named = new LinkedHashMap<>(body == null ? Map.of() : body);
        named.put("source", SOURCE);
        return named;
    }

    private static JsonPath run(Map<String, Object> body) {
        return awaitRunJson(start(body));
    }

    private static JsonPath awaitRunJson(String runId) {
        awaitRun(runId);
        return api().get("/api/runs/{id}", runId)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static void refused(Map<String, Object> body, String field) {
        api().contentType(ContentType.JSON)
                .body(ofSource(body))
                .post("/api/runs")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", Matchers.is(field));
    }

    /** A sample's value in ingest's /q/metrics (name with its labels as exposed), 0 when absent. */
    private static double metric(String sample) {
        String metrics = RestAssured.given()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).split(" ")[0]);
            }
        }
        return 0;
    }

    private static String watermark() {
        return Fixtures.warehouse()
                .get("/api/sources/{s}/watermark", SOURCE)
                .then()
                .statusCode(200)
                .extract()
                .path("watermark");
    }

    /** The snapshot's rows of this test's ids: id → amount. */
    private static Map<String, String> snapshot() {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Connection c = TestDatabase.shared().connect();
                PreparedStatement ps =
                        c.prepareStatement("select id, to_char(amount, 'FM999990.00') from daily_snapshot "
                                + "where id like ? order by id")) {
            ps.setString(1, P + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }
}
